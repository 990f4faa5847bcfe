package org.fmnist.serving.rest;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Closes each connection accepted while {@code max} are already open. It sits on the listening
 * channel and sees connections in the order they were accepted, before they go to their event
 * loops: so with several event loops, the connection over the limit is the one refused.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
  private final int max;
  private final Consumer<String> log;
  private final AtomicInteger open = new AtomicInteger();

  ConnectionLimit(int max, Consumer<String> log) {
    this.max = max;
    this.log = log;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Channel connection = (Channel) msg;
    if (open.get() >= max) {
      log.accept("fmnist serve: refused a connection from " + connection.remoteAddress() + ": " + max + " connections open (the limit)");
      connection.unsafe().closeForcibly(); // not registered with an event loop yet
      return;
    }
    open.incrementAndGet();
    connection.closeFuture().addListener(closed -> open.decrementAndGet());
    ctx.fireChannelRead(connection);
  }
}
