package org.fmnist.serving.rest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fmnist.serving.metrics.RequestLabels;
import org.fmnist.serving.models.ApiException;
import org.fmnist.serving.models.BatchWaitWorkers;
import org.fmnist.serving.rest.ConnectionDeadline.Phase;

/**
 * One connection's requests, one at a time: reads a request whole (up to the body limit), runs it
 * (on the event loop, or on a worker thread when there are workers), writes the answer, then reads
 * the next. Reading stops while a request is answered (what was already read of a pipelined next
 * request waits here), so a connection holds at most one request.
 *
 * <p>A body over the limit is answered 413 with {@code Connection: close} at once, and the rest of
 * it is read and dropped before the connection closes, so a client that sends its whole body
 * before reading (most do) gets the 413 rather than a reset. A request not answered within the
 * request timeout gets 504 and its connection is closed (the worker's late answer is dropped); a
 * request run on the event loop is answered when it is done.
 */
final class HttpExchangeHandler extends ChannelInboundHandlerAdapter implements ConnectionDeadline.Expiry {
  private static final int MAX_BODY_BUFFER_HINT = 1 << 20;

  private final RestDispatcher dispatcher;
  private final Optional<? extends Executor> workers;
  private final long maxBodyBytes;
  private final HttpLimits limits;
  private final ConnectionDeadline deadline;
  private ChannelHandlerContext ctx;
  private HttpRequest head;
  private ByteBuf body;
  private long start;
  private boolean discarding;
  private boolean answering;
  private final Queue<Object> waiting = new ArrayDeque<>();

  HttpExchangeHandler(RestDispatcher dispatcher, Optional<? extends Executor> workers, long maxBodyBytes, HttpLimits limits) {
    this.dispatcher = dispatcher;
    this.workers = workers;
    this.maxBodyBytes = maxBodyBytes;
    this.limits = limits;
    this.deadline = new ConnectionDeadline(limits, this);
  }

  /** The handler to place before the HTTP decoder: it enforces this connection's time limits. */
  ConnectionDeadline deadline() {
    return deadline;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    releaseBody();
    waiting.forEach(ReferenceCountUtil::release);
    waiting.clear();
    super.channelInactive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (answering) {
      waiting.add(msg);
      return;
    }
    try {
      if (msg instanceof HttpRequest request && !begin(request)) {
        return;
      }
      if (msg instanceof HttpContent content) {
        append(content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a reset or a broken connection: nothing to answer
  }

  @Override
  public void expired(Phase phase, Duration limit) {
    if (phase == Phase.IDLE || discarding) {
      ctx.close();
      return;
    }
    String what = phase == Phase.HEADERS ? "headers" : "body";
    refuse(ApiException.REQUEST_TIMEOUT, "Request " + what + " not received within " + limit.toMillis() + " ms", true);
  }

  /** Starts a request; false when it was refused and nothing more should be read for now. */
  private boolean begin(HttpRequest request) {
    head = request;
    start = System.nanoTime();
    discarding = false;
    DecoderResult decoded = request.decoderResult();
    if (decoded.isFailure()) {
      refuse(statusOf(decoded.cause()), "Malformed HTTP request: " + decoded.cause().getMessage(), true);
      return false;
    }
    deadline.enter(Phase.BODY);
    long length = HttpUtil.getContentLength(request, -1L);
    if (length > maxBodyBytes) {
      // a client waiting for 100 Continue sends no body: nothing to drop, close after the answer
      boolean expectsContinue = HttpUtil.is100ContinueExpected(request);
      tooLarge(expectsContinue);
      return !expectsContinue;
    }
    if (HttpUtil.is100ContinueExpected(request)) {
      ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
    }
    body = ctx.alloc().buffer((int) Math.min(Math.max(length, 256), MAX_BODY_BUFFER_HINT));
    return true;
  }

  /** Adds a piece of the body; hands the request to a worker once it is complete. */
  private void append(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (discarding) {
      if (last) {
        stopReading();
        ctx.close();
      }
      return;
    }
    if (body == null) {
      return; // the rest of a request already refused
    }
    if (body.readableBytes() + (long) content.content().readableBytes() > maxBodyBytes) {
      tooLarge(last);
      return;
    }
    body.writeBytes(content.content());
    if (last) {
      dispatch();
    }
  }

  private void tooLarge(boolean closeNow) {
    releaseBody();
    discarding = !closeNow;
    refuse(ApiException.PAYLOAD_TOO_LARGE, "Request body larger than the limit of " + maxBodyBytes + " bytes", closeNow);
  }

  private void dispatch() {
    deadline.enter(Phase.ANSWERING);
    stopReading();
    RestRequest request = restRequest(head, ByteBufUtil.getBytes(body));
    releaseBody();
    boolean keepAlive = HttpUtil.isKeepAlive(head);
    long started = start;
    AtomicBoolean answered = new AtomicBoolean();
    if (workers.isEmpty()) {
      Reply reply = dispatcher.dispatch(request);
      answer(answered, request, reply, started, keepAlive && !dispatcher.draining());
      return;
    }
    // the first of the worker's answer and the request timeout is sent; the other is dropped
    long timeoutMillis = limits.requestTimeout().toMillis();
    ScheduledFuture<?> timeout =
        ctx.executor().schedule(
            () -> answer(answered, request, Reply.error(ApiException.GATEWAY_TIMEOUT, "Request timed out after " + timeoutMillis + " ms"), started, false),
            timeoutMillis,
            TimeUnit.MILLISECONDS);
    try {
      workers.get().execute(
          () -> {
            Reply reply = dispatcher.dispatch(request);
            timeout.cancel(false);
            answer(answered, request, reply, started, keepAlive && !dispatcher.draining());
          });
    } catch (RejectedExecutionException e) {
      timeout.cancel(false);
      Reply refused =
          dispatcher.draining()
              ? Reply.error(ApiException.SERVICE_UNAVAILABLE, "fmnist serve is shutting down")
              : Reply.error(ApiException.TOO_MANY_REQUESTS, BatchWaitWorkers.BUSY);
      answer(answered, request, refused, started, false);
    }
  }

  private void answer(AtomicBoolean answered, RestRequest request, Reply reply, long started, boolean keepAlive) {
    if (answered.compareAndSet(false, true)) {
      dispatcher.answered(request, reply, started);
      write(reply, keepAlive);
    }
  }

  /**
   * Answers without running the request. With {@code closeNow} the connection closes once the
   * answer is written; otherwise the rest of the body is still read (and dropped) first.
   */
  private void refuse(int status, String message, boolean closeNow) {
    Reply response = Reply.error(status, message);
    HttpRequest request = head;
    dispatcher.accessLog().write(
        client(ctx.channel().remoteAddress()),
        request == null ? "-" : request.method().name(),
        request == null ? "-" : request.uri(),
        status,
        response.body().length,
        request == null ? System.nanoTime() : start);
    if (closeNow) {
      stopReading();
    }
    ctx.writeAndFlush(toNetty(response, false)).addListener(closeNow ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
    head = null;
  }

  private void write(Reply response, boolean keepAlive) {
    ctx.writeAndFlush(toNetty(response, keepAlive))
        .addListener(
            (ChannelFutureListener)
                future -> {
                  if (!future.isSuccess() || !keepAlive) {
                    future.channel().close();
                    return;
                  }
                  head = null;
                  deadline.enter(Phase.IDLE);
                  resumeReading();
                });
  }

  private void stopReading() {
    answering = true;
    ctx.channel().config().setAutoRead(false);
  }

  /** Reads on, starting with what arrived while the last request was answered. */
  private void resumeReading() {
    answering = false;
    while (!answering && !waiting.isEmpty()) {
      channelRead(ctx, waiting.poll());
    }
    if (!answering) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private static FullHttpResponse toNetty(Reply response, boolean keepAlive) {
    FullHttpResponse out =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
    out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
    response.headers().forEach(out.headers()::set);
    HttpUtil.setContentLength(out, response.body().length);
    HttpUtil.setKeepAlive(out, keepAlive);
    return out;
  }

  private RestRequest restRequest(HttpRequest request, byte[] bytes) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    request.headers().forEach(header -> headers.putIfAbsent(header.getKey(), header.getValue()));
    String path = new QueryStringDecoder(request.uri()).path();
    return new RestRequest(request.method().name(), path, request.uri(), headers, bytes, client(ctx.channel().remoteAddress()), new RequestLabels());
  }

  private static String client(SocketAddress address) {
    return address instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : String.valueOf(address);
  }

  private static int statusOf(Throwable cause) {
    if (cause instanceof TooLongHttpHeaderException) {
      return 431;
    }
    if (cause instanceof TooLongHttpLineException) {
      return 414;
    }
    return cause instanceof TooLongFrameException ? 413 : ApiException.BAD_REQUEST;
  }

  private void releaseBody() {
    if (body != null) {
      body.release();
      body = null;
    }
  }
}
