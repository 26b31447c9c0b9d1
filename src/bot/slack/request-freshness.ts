import type { HTTPReceiver, Logger } from '@slack/bolt';

/** How far a request's timestamp may be from our clock, either way (Slack's own rule: five minutes). */
export const MAX_REQUEST_SKEW_SECONDS = 5 * 60;

/**
 * Bolt refuses a request stamped more than five minutes in the past but accepts one from the future,
 * which would let a request signed ahead of time be replayed for as long as its stamp lies ahead. This
 * wraps the receiver's request listener so such a request is refused the way Bolt refuses a stale one
 * (401, no body) before anything is parsed; the signature itself is still Bolt's to check.
 */
export function refuseFutureRequests(receiver: HTTPReceiver, logger: Logger, now: () => number = Date.now): void {
  const listener = receiver.requestListener;
  receiver.requestListener = (request, response) => {
    const stamp = Number(request.headers['x-slack-request-timestamp']);
    if (Number.isFinite(stamp) && stamp - now() / 1000 > MAX_REQUEST_SKEW_SECONDS) {
      logger.warn(`Refused a Slack request stamped ${Math.round(stamp - now() / 1000)} s in the future`);
      response.writeHead(401);
      response.end();
      return;
    }
    listener(request, response);
  };
}
