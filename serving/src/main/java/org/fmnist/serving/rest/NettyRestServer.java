package org.fmnist.serving.rest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.fmnist.serving.ErrorMessages;

/**
 * The REST port on Netty: one event-loop thread accepts connections and others read and write
 * them (non-blocking, so a slow client costs a connection, not a thread); a request runs on the
 * event loop that read it, or on the workers when there are. Per connection: the connection limit, the time limits, HTTP/1.1 decoding with
 * bounded request line and headers, one request at a time.
 */
final class NettyRestServer implements AutoCloseable {
  private static final int MAX_REQUEST_LINE = 8192;
  private static final int MAX_HEADER_BYTES = 16384;

  private final EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoopGroup io;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Channel listener;

  /** Binds {@code host:port}; UncheckedIOException with the reason when it cannot. */
  NettyRestServer(
      String host, int port, long maxBodyBytes, HttpLimits limits, RestDispatcher dispatcher, int eventLoops, Optional<? extends Executor> workers, Consumer<String> log) {
    io = new MultiThreadIoEventLoopGroup(eventLoops, NioIoHandler.newFactory());
    ConnectionLimit connectionLimit = new ConnectionLimit(limits.maxConnections(), log);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(acceptor, io)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .handler(connectionLimit)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    connections.add(channel);
                    HttpExchangeHandler exchange = new HttpExchangeHandler(dispatcher, workers, maxBodyBytes, limits);
                    channel
                        .pipeline()
                        .addLast(exchange.deadline())
                        .addLast(new HttpServerCodec(MAX_REQUEST_LINE, MAX_HEADER_BYTES, 65536))
                        .addLast(exchange);
                  }
                });
    try {
      listener = bootstrap.bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
    } catch (Exception e) { // Netty rethrows the BindException unchecked
      shutdownGroups();
      IOException cause = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
      throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + ErrorMessages.firstLine(e), cause);
    }
  }

  int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** Stops listening and closes every connection (call once the requests in flight are done). */
  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    shutdownGroups();
  }

  private void shutdownGroups() {
    acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
