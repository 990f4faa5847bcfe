package org.fmnist.serving.rest;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Closes each connection accepted while {@code max} are already open. */
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
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (open.incrementAndGet() > max) {
      log.accept("fmnist serve: refused a connection from " + ctx.channel().remoteAddress() + ": " + max + " connections open (the limit)");
      ctx.close();
      return;
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    open.decrementAndGet();
    super.channelInactive(ctx);
  }
}
