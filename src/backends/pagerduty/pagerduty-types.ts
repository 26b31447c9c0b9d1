/** The slices of PagerDuty REST v2 objects opsbot reads (see the API reference; unknown fields are ignored). */

/** `{ id, type: 'user_reference', summary }` and friends. */
export interface PdReference {
  id: string;
  type: string;
  summary?: string;
  html_url?: string;
}

/** A user as `include[]=users` or GET /users returns it. */
export interface PdUser {
  id: string;
  type: string;
  name?: string;
  summary?: string;
  email?: string;
  time_zone?: string;
}

/** One entry of GET /oncalls. */
export interface PdOnCall {
  user: PdUser;
  schedule: PdReference | null;
  escalation_policy: PdReference;
  escalation_level: number;
  start: string | null;
  end: string | null;
}

/** One of a user's contact methods. */
export interface PdContactMethod {
  id: string;
  type: 'email_contact_method' | 'phone_contact_method' | 'push_notification_contact_method' | 'sms_contact_method' | string;
  label?: string;
  address: string;
  country_code?: number;
}

/** An incident as POST/PUT/GET /incidents return it. */
export interface PdIncident {
  id: string;
  type: string;
  title: string;
  incident_number?: number;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency?: 'high' | 'low';
  incident_key?: string | null;
  created_at: string;
  html_url?: string;
  service?: PdReference;
  assignments?: Array<{ at?: string; assignee: PdReference }>;
}
