/**
 * The web app's Prometheus metrics at `/metrics` (prom-client): the Node process (CPU, memory, event-loop lag,
 * garbage collection), every HTTP answer by method, route and status with its duration, whether the Temporal
 * frontend answers, and what waits in the outbox of task mail (src/activities/utkorg.ts: a relay that is down shows
 * there, not in Temporal, since the mail left the workflows). The worker's metrics are the Temporal SDK's own
 * (ARSHJUL_WORKER_METRICS, src/worker.ts).
 */
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /** Times every request; mount before the routes. */
  track: RequestHandler;
  /** Serves the metrics in Prometheus' text format. */
  serve: RequestHandler;
}

/** What waits in the outbox: how many messages, and since when the oldest. */
export type UtkorgensLage = () => Promise<{ antal: number; aldsta?: Date }>;

export function createMetrics(temporalAnswers: () => Promise<boolean>, utkorg?: UtkorgensLage): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'arshjul_' });
  const duration = new Histogram({
    name: 'arshjul_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status, and how long they took',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'arshjul_temporal_up',
    help: 'Whether the Temporal frontend answered when the metrics were read (1) or not (0)',
    registers: [registry],
    async collect() {
      this.set((await temporalAnswers()) ? 1 : 0);
    },
  });

  if (utkorg) {
    // One read for both gauges per scrape; NaN for both while the register does not answer.
    let lage: Promise<{ antal: number; aldstaS: number }> | undefined;
    const las = () =>
      (lage ??= utkorg()
        .then(({ antal, aldsta }) => ({
          antal,
          aldstaS: aldsta ? Math.max(0, (Date.now() - aldsta.getTime()) / 1000) : 0,
        }))
        .catch(() => ({ antal: NaN, aldstaS: NaN }))
        .finally(() => setImmediate(() => (lage = undefined))));
    new Gauge({
      name: 'arshjul_mail_utkorg_meddelanden',
      help: 'Task messages waiting in the outbox to be sent (a relay that is down makes them grow)',
      registers: [registry],
      async collect() {
        this.set((await las()).antal);
      },
    });
    new Gauge({
      name: 'arshjul_mail_utkorg_aldsta_sekunder',
      help: 'How long the oldest message in the outbox has waited, in seconds (0 when it is empty)',
      registers: [registry],
      async collect() {
        this.set((await las()).aldstaS);
      },
    });
  }

  const track: RequestHandler = (req, res, next) => {
    const end = duration.startTimer();
    res.once('finish', () => {
      // The route's pattern, never the path itself: ids in paths would make a series per task.
      const route = req.route ? `${req.baseUrl}${String((req.route as { path: unknown }).path)}` : '(ingen)';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
  const serve: RequestHandler = (_req, res, next) => {
    registry.metrics().then((text) => {
      res.setHeader('content-type', registry.contentType);
      res.setHeader('cache-control', 'no-store');
      res.send(text);
    }, next);
  };
  return { registry, track, serve };
}
