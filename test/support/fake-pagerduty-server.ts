import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const ACCEPT = 'application/vnd.pagerduty+json;version=2';

/** A user in the fake account, with contact methods as GET /users/{id}/contact_methods returns them. */
export interface FakeUser {
  id: string;
  name: string;
  email: string;
  time_zone: string;
  contact_methods: Array<{ id: string; type: string; label: string; address: string; country_code?: number }>;
}

/** One on-call shift: who, on which policy level (and schedule), from when until when (null: open-ended). */
export interface FakeShift {
  user: string;
  escalation_policy: string;
  escalation_level: number;
  schedule: string | null;
  start: string | null;
  end: string | null;
}

/** An incident the fake account holds. */
export interface FakeIncident {
  id: string;
  type: 'incident';
  title: string;
  incident_number: number;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: 'high' | 'low';
  priority: { id: string; type: string } | null;
  incident_key: string | null;
  created_at: string;
  html_url: string;
  service: { id: string; type: 'service_reference' };
  assignments: Array<{ at: string; assignee: { id: string; type: 'user_reference'; summary: string } }>;
  body: unknown;
  created_by: string;
  notes: Array<{ content: string; user: string }>;
  status_changes: Array<{ status: string; by: string }>;
}

/** Every request the peer saw, for assertions. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A loopback peer speaking the slice of PagerDuty's REST API v2 opsbot uses, written from the API reference:
 * `Authorization: Token token=…` and the version `Accept` header checked on every request, `From` (a known
 * user's email) on writes, the `{error: {message, code, errors}}` envelope, `limit`/`offset`/`more`
 * pagination, 429 with `ratelimit-*` headers and 5xx answers injected on demand. Records every request.
 */
export class FakePagerDuty {
  readonly requests: RecordedRequest[] = [];
  readonly users: FakeUser[] = [];
  readonly shifts: FakeShift[] = [];
  readonly incidents: FakeIncident[] = [];
  readonly services = new Set<string>(['PSERVICE1']);
  /** Largest page the peer serves, whatever `limit` asks (PagerDuty caps it too); small values force pagination. */
  maxPageSize = 100;
  private readonly faults: Reply[] = [];
  private server?: Server;
  private port = 0;
  url = '';

  constructor(private readonly token: string) {}

  addUser(user: Omit<FakeUser, 'contact_methods'> & { phone?: string; countryCode?: number }): FakeUser {
    const contact_methods: FakeUser['contact_methods'] = [{ id: `${user.id}E`, type: 'email_contact_method', label: 'Work', address: user.email }];
    if (user.phone) contact_methods.push({ id: `${user.id}P`, type: 'phone_contact_method', label: 'Mobile', address: user.phone, country_code: user.countryCode ?? 1 });
    const added = { id: user.id, name: user.name, email: user.email, time_zone: user.time_zone, contact_methods };
    this.users.push(added);
    return added;
  }

  addShift(shift: FakeShift): void {
    this.shifts.push(shift);
  }

  /** The next `count` requests get this answer instead (a 429 with its headers, a 503…). */
  failNext(reply: Reply, count = 1): void {
    for (let index = 0; index < count; index++) this.faults.push(reply);
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  rateLimitNext(resetSeconds: number, count = 1): void {
    this.failNext({ status: 429, body: { error: { message: 'Rate Limit Exceeded', code: 2020 } }, headers: { 'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': String(resetSeconds) } }, count);
  }

  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && request.path === path);
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.serve(request, response));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    return this.url;
  }

  /** Stops listening: every connection is refused, as when PagerDuty is unreachable. `start()` comes back on the same port. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    this.requests.push({ method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers, body });
    const reply = this.faults.shift() ?? this.route(request, url, body);
    response.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
    response.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }

  private route(request: IncomingMessage, url: URL, body: unknown): Reply {
    if (request.headers.authorization !== `Token token=${this.token}`) return error(401, 'Unauthorized', 2006);
    if (request.headers.accept !== ACCEPT) return error(400, 'Invalid Input Provided', 2001, ['Accept must be application/vnd.pagerduty+json;version=2']);
    const method = request.method ?? 'GET';
    if (method !== 'GET') {
      const from = String(request.headers.from ?? '');
      if (!from) return error(400, 'Invalid Input Provided', 2001, ['A valid From header is required']);
      if (!this.users.some((user) => user.email === from)) return error(400, 'Invalid Input Provided', 2001, [`From: no user with email ${from}`]);
    }
    const path = url.pathname;
    const query = url.searchParams;
    if (method === 'GET' && path === '/oncalls') return this.paginated('oncalls', this.onCalls(query), query);
    if (method === 'GET' && path === '/users') {
      const wanted = (query.get('query') ?? '').toLowerCase();
      return this.paginated('users', this.users.filter((user) => user.name.toLowerCase().includes(wanted) || user.email.toLowerCase().includes(wanted)).map(userObject), query);
    }
    const user = /^\/users\/([A-Z0-9]+)(\/contact_methods)?$/.exec(path);
    if (method === 'GET' && user) {
      const found = this.users.find((candidate) => candidate.id === user[1]);
      if (!found) return error(404, 'Not Found', 2100);
      return { status: 200, body: user[2] ? { contact_methods: found.contact_methods } : { user: userObject(found) } };
    }
    // One object by id, as PagerDuty answers it; what exists is what the shifts and services name.
    const object = /^\/(services|escalation_policies|schedules)\/([A-Z0-9]+)$/.exec(path);
    if (method === 'GET' && object) {
      const [, kind, id] = object as unknown as [string, 'services' | 'escalation_policies' | 'schedules', string];
      const known = kind === 'services' ? this.services.has(id) : this.shifts.some((shift) => (kind === 'schedules' ? shift.schedule === id : shift.escalation_policy === id));
      if (!known) return error(404, 'Not Found', 2100);
      const key = { services: 'service', escalation_policies: 'escalation_policy', schedules: 'schedule' }[kind];
      return { status: 200, body: { [key]: { id, type: key, summary: `${key} ${id}`, name: `${key.replace('_', ' ')} ${id}` } } };
    }
    if (method === 'GET' && path === '/incidents') {
      const key = query.get('incident_key');
      const services = query.getAll('service_ids[]');
      const matching = this.incidents.filter((incident) => (!key || incident.incident_key === key) && (!services.length || services.includes(incident.service.id)));
      return this.paginated('incidents', matching.map(incidentObject), query);
    }
    if (method === 'POST' && path === '/incidents') return this.createIncident(body, String(request.headers.from));
    const incident = /^\/incidents\/([A-Z0-9]+)(\/notes)?$/.exec(path);
    if (incident) {
      const found = this.incidents.find((candidate) => candidate.id === incident[1]);
      if (!found) return error(404, 'Not Found', 2100, [`Incident ${incident[1]} not found`]);
      const actor = this.users.find((candidate) => candidate.email === request.headers.from)?.id ?? '';
      if (method === 'POST' && incident[2]) {
        const content = (body as { note?: { content?: unknown } })?.note?.content;
        if (typeof content !== 'string' || !content) return error(400, 'Invalid Input Provided', 2001, ['note.content is required']);
        found.notes.push({ content, user: actor });
        return { status: 201, body: { note: { id: `N${found.notes.length}`, content, user: { id: actor, type: 'user_reference' } } } };
      }
      if (method === 'PUT' && !incident[2]) {
        const change = (body as { incident?: { status?: string; urgency?: 'high' | 'low'; priority?: { id: string; type: string } } })?.incident ?? {};
        if (change.status) {
          if (!['acknowledged', 'resolved', 'triggered'].includes(change.status)) return error(400, 'Invalid Input Provided', 2001, ['status is invalid']);
          found.status = change.status as FakeIncident['status'];
          found.status_changes.push({ status: change.status, by: actor });
        }
        if (change.urgency) found.urgency = change.urgency;
        if (change.priority) found.priority = change.priority;
        return { status: 200, body: { incident: incidentObject(found) } };
      }
    }
    return error(404, 'Not Found', 2100);
  }

  private createIncident(body: unknown, from: string): Reply {
    const incident = (body as { incident?: Record<string, unknown> })?.incident;
    if (!incident || incident.type !== 'incident' || typeof incident.title !== 'string') return error(400, 'Invalid Input Provided', 2001, ['incident.type and incident.title are required']);
    const service = incident.service as { id?: string } | undefined;
    if (!service?.id || !this.services.has(service.id)) return error(400, 'Invalid Input Provided', 2001, ['Service not found']);
    const key = typeof incident.incident_key === 'string' ? incident.incident_key : null;
    if (key && this.incidents.some((existing) => existing.incident_key === key && existing.service.id === service.id && existing.status !== 'resolved')) {
      return error(400, 'Invalid Input Provided', 2001, [`Open incident with key '${key}' already exists`]);
    }
    const assignments = ((incident.assignments as Array<{ assignee: { id: string } }> | undefined) ?? []).map((assignment) => {
      const user = this.users.find((candidate) => candidate.id === assignment.assignee.id);
      return { at: new Date().toISOString(), assignee: { id: assignment.assignee.id, type: 'user_reference' as const, summary: user?.name ?? '' } };
    });
    if (assignments.some((assignment) => !assignment.assignee.summary)) return error(400, 'Invalid Input Provided', 2001, ['Assignee not found']);
    const number = this.incidents.length + 1;
    const id = `PINC${String(number).padStart(3, '0')}`;
    const created: FakeIncident = {
      id,
      type: 'incident',
      title: incident.title,
      incident_number: number,
      status: 'triggered',
      urgency: incident.urgency === 'low' ? 'low' : 'high',
      priority: (incident.priority as FakeIncident['priority']) ?? null,
      incident_key: key,
      created_at: new Date().toISOString(),
      html_url: `https://acme.pagerduty.example/incidents/${id}`,
      service: { id: service.id, type: 'service_reference' },
      assignments,
      body: incident.body,
      created_by: from,
      notes: [],
      status_changes: [],
    };
    this.incidents.push(created);
    return { status: 201, body: { incident: incidentObject(created) } };
  }

  /** GET /oncalls filters: policies, schedules, the since/until window (default: now), `earliest`, `include[]=users`. */
  private onCalls(query: URLSearchParams): unknown[] {
    const policies = query.getAll('escalation_policy_ids[]');
    const schedules = query.getAll('schedule_ids[]');
    const now = new Date().toISOString();
    const since = query.get('since') ?? now;
    const until = query.get('until') ?? now;
    let shifts = this.shifts.filter(
      (shift) =>
        (!policies.length || policies.includes(shift.escalation_policy)) &&
        (!schedules.length || (shift.schedule !== null && schedules.includes(shift.schedule))) &&
        (shift.start === null || shift.start <= until) &&
        (shift.end === null || shift.end >= since),
    );
    if (query.get('earliest') === 'true') {
      const first = new Map<string, FakeShift>();
      for (const shift of shifts) {
        const key = `${shift.escalation_policy}|${shift.escalation_level}|${shift.user}`;
        const seen = first.get(key);
        if (!seen || (shift.start ?? '') < (seen.start ?? '')) first.set(key, shift);
      }
      shifts = [...first.values()];
    }
    const includeUsers = query.getAll('include[]').includes('users');
    return shifts.map((shift) => {
      const user = this.users.find((candidate) => candidate.id === shift.user)!;
      return {
        user: includeUsers ? userObject(user) : { id: user.id, type: 'user_reference', summary: user.name },
        schedule: shift.schedule ? { id: shift.schedule, type: 'schedule_reference' } : null,
        escalation_policy: { id: shift.escalation_policy, type: 'escalation_policy_reference' },
        escalation_level: shift.escalation_level,
        start: shift.start,
        end: shift.end,
      };
    });
  }

  private paginated(key: string, items: unknown[], query: URLSearchParams): Reply {
    const limit = Math.min(Number(query.get('limit') ?? 25), this.maxPageSize);
    const offset = Number(query.get('offset') ?? 0);
    const page = items.slice(offset, offset + limit);
    return { status: 200, body: { [key]: page, limit, offset, more: offset + page.length < items.length, total: null } };
  }
}

function error(status: number, message: string, code: number, errors?: string[]): Reply {
  return { status, body: { error: { message, code, ...(errors ? { errors } : {}) } } };
}

function userObject(user: FakeUser) {
  return { id: user.id, type: 'user', name: user.name, summary: user.name, email: user.email, time_zone: user.time_zone, contact_methods: user.contact_methods.map((method) => ({ id: method.id, type: `${method.type}_reference` })) };
}

function incidentObject(incident: FakeIncident) {
  const { notes: _notes, status_changes: _changes, created_by: _by, body: _body, ...visible } = incident;
  return { ...visible, summary: `[#${incident.incident_number}] ${incident.title}` };
}
