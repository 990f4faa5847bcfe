package org.fmnist.serving.rest;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The time limits of one connection, by phase: its request's headers must arrive within the
 * header timeout (counted from the connection or the request's first byte, so headers sent a byte
 * at a time do not hold it open), the body within the body timeout after them, and a kept-alive
 * connection may wait for its next request up to the idle timeout. No limit while a request is
 * being answered. Placed before the HTTP decoder, it sees the raw bytes; the exchange handler
 * tells it where the request is. Runs on the connection's event loop only.
 */
final class ConnectionDeadline extends ChannelInboundHandlerAdapter {
  enum Phase {
    IDLE,
    HEADERS,
    BODY,
    ANSWERING
  }

  /** What to do when a phase runs out of time (answer 408 or just close). */
  interface Expiry {
    void expired(Phase phase, Duration limit);
  }

  private final HttpLimits limits;
  private final Expiry expiry;
  private Phase phase = Phase.HEADERS;
  private ScheduledFuture<?> timer;
  private ChannelHandlerContext ctx;

  ConnectionDeadline(HttpLimits limits, Expiry expiry) {
    this.limits = limits;
    this.expiry = expiry;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    this.ctx = ctx;
    enter(Phase.HEADERS);
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (phase == Phase.IDLE) {
      enter(Phase.HEADERS);
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancel();
    super.channelInactive(ctx);
  }

  void enter(Phase next) {
    cancel();
    phase = next;
    Duration limit =
        switch (next) {
          case IDLE -> limits.idleTimeout();
          case HEADERS -> limits.headerTimeout();
          case BODY -> limits.bodyTimeout();
          case ANSWERING -> null;
        };
    if (limit != null && ctx != null) {
      timer = ctx.executor().schedule(() -> expiry.expired(next, limit), limit.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
