/**
 * Table types for Kysely. Times are epoch milliseconds (integers) so the same SQL runs on SQLite
 * and PostgreSQL (`bigint`).
 * @module
 */
import type { Generated } from 'kysely';

export interface Database {
  machines: {
    id: string;
    site: string;
    name: string;
    kind: string;
    profile: string;
    firmware: string | null;
    created_at: number;
    updated_at: number;
    status: Generated<string>;
    hourly_rate_cents: Generated<number>;
    buffer_min: Generated<number>;
    qualification_id: string | null;
    needs_approval: Generated<number>;
    billing_mode: Generated<string>;
    /** JSON: Partial<BookingRules>. */
    booking_rules: Generated<string>;
    /** JSON: Blackout[]. */
    blackouts: Generated<string>;
    /** The machine group ("prusa-mk4") within its site, or null. */
    group_id: string | null;
    material_rate_cents_per_kg: Generated<number>;
  };
  /** The machine's last live view (JSON), so the wall is right after a restart. */
  machine_status: {
    machine_id: string;
    view: string;
    state_ts: number;
    updated_at: number;
  };
  gateways: {
    id: string;
    site: string;
    online: number;
    last_seen: number;
    last_seq: number;
    losses: number;
    epoch: string | null;
    epoch_losses: number;
  };
  usage_sessions: {
    id: string;
    site: string;
    machine_id: string;
    gateway: string;
    name: string | null;
    started_at: number;
    ended_at: number;
    outcome: string;
    reason: string | null;
    wall_s: number;
    active_s: number;
    beam_s: number | null;
    spindle_s: number | null;
    energy_wh: number | null;
    recorded_at: number;
    reservation_id: string | null;
    member_id: string | null;
    /** Material used (filament grams), when the machine or the slicer says. */
    material_g: number | null;
  };
  sites: {
    id: string;
    name: string;
    timezone: string;
    /** JSON: WeeklyHours. */
    opening_hours: string;
    /** JSON: Closure[]. */
    closures: string;
    holidays: string;
    /** JSON: Blackout[]. */
    blackouts: string;
    /** JSON: Partial<BookingRules>. */
    rules: string;
    created_at: number;
    updated_at: number;
  };
  organisations: {
    id: string;
    name: string;
    kind: string;
    siret: string | null;
    created_at: number;
  };
  plans: {
    id: string;
    name: string;
    priority_class: number;
    book_ahead_days: number;
    /** JSON: Quota[]. */
    quotas: string;
    created_at: number;
    /** Null: common to every site. */
    site: string | null;
  };
  members: {
    id: string;
    name: string;
    email: string;
    organisation_id: string | null;
    plan_id: string;
    active: number;
    quota_exempt: number;
    created_at: number;
    updated_at: number;
  };
  qualifications: {
    id: string;
    name: string;
    validity_months: number | null;
    lapse_after_months: number | null;
    created_at: number;
    /** Null: common to every site. */
    site: string | null;
  };
  qualification_grants: {
    member_id: string;
    qualification_id: string;
    granted_at: number;
    granted_by: string;
  };
  reservations: {
    id: string;
    site: string;
    machine_id: string;
    member_id: string;
    starts_at: number;
    ends_at: number;
    blocks_until: number;
    status: string;
    note: string | null;
    created_at: number;
    updated_at: number;
    cancelled_at: number | null;
    cancelled_by: string | null;
    overrun_warned_at: number | null;
    released_at: number | null;
    /** Several units booked at once ("3 of the Prusa MK4") share this id. */
    batch_id: string | null;
  };
  job_files: {
    id: string;
    machine_id: string;
    site: string;
    gateway_id: string;
    name: string;
    bytes: number;
    sha256: string;
    requested_by: string;
    created_at: number;
  };
  job_attachments: {
    job_id: string;
    machine_id: string;
    reservation_id: string;
    member_id: string;
    started_at: number;
    seen_at: number;
  };
  report_recipients: {
    site: string;
    email: string;
  };
  report_mailings: {
    site: string;
    month: string;
    email: string;
    queued_at: number;
    sent_at: number | null;
    attempts: Generated<number>;
    next_try_at: number;
    last_error: string | null;
  };
  maintenance_notes: {
    id: Generated<number>;
    site: string;
    machine_id: string;
    author_account: string;
    text: string;
    usage_hours: number | null;
    created_at: number;
  };
  access_codes: {
    member_id: string;
    code_hash: string;
    set_by: string;
    set_at: number;
  };
  access_grants: {
    id: string;
    site: string;
    machine_id: string;
    member_id: string;
    reservation_id: string | null;
    via: string;
    gateway_id: string | null;
    granted_at: number;
    until: number;
    warned_at: number | null;
    /** The check the machine's rules asked for when the grant was given, or null. */
    after_use_check: string | null;
  };
  after_use_checks: {
    grant_id: string;
    site: string;
    machine_id: string;
    /** The account that confirmed (the grant's person's, or a manager's). */
    confirmed_by: string;
    /** 1 when the grant's own person confirmed, 0 when someone else (a manager) did. */
    by_user: number;
    confirmed_at: number;
    note: string | null;
  };
  notices: {
    id: string;
    member_id: string;
    kind: string;
    reservation_id: string | null;
    text_fr: string;
    text_en: string;
    created_at: number;
    read_at: number | null;
  };
  booking_rounds: {
    id: string;
    site: string;
    title: string;
    period_start: number;
    period_end: number;
    closes_at: number;
    status: string;
    method: string | null;
    figures: string | null;
    created_at: number;
  };
  round_requests: {
    id: string;
    round_id: string;
    member_id: string;
    machine_id: string | null;
    kind: string | null;
    /** A machine group of the round's site, instead of a machine or a kind. */
    group_id: string | null;
    duration_min: number;
    /** JSON: Interval[]. */
    windows: string;
    priority: number | null;
    submitted_at: number;
    assigned_machine: string | null;
    assigned_start: number | null;
    assigned_end: number | null;
    unassigned_reason: string | null;
    reservation_id: string | null;
  };
  credits: {
    id: string;
    member_id: string | null;
    organisation_id: string | null;
    hours: number;
    note: string | null;
    granted_at: number;
    granted_by: string;
  };
  waitlist: {
    id: string;
    site: string;
    member_id: string;
    machine_id: string | null;
    kind: string | null;
    window_start: number;
    window_end: number;
    duration_min: number;
    created_at: number;
    status: string;
    offer: string | null;
    declined: Generated<string>;
    reservation_id: string | null;
  };
  organisation_facts: {
    organisation_id: string;
    legal_form: string | null;
    sector: string | null;
    commune: string | null;
    insee: string | null;
    qpv: number | null;
    rural: number | null;
    updated_at: number;
    updated_by: string;
  };
  member_facts: {
    member_id: string;
    status: string | null;
    commune: string | null;
    insee: string | null;
    qpv: number | null;
    rural: number | null;
    updated_at: number;
    updated_by: string;
  };
  accounts: {
    id: string;
    email: string;
    name: string;
    role: string;
    member_id: string | null;
    site: string | null;
    password_hash: string | null;
    sessions_valid_after: Generated<number>;
    disabled_at: number | null;
    created_at: number;
  };
  sessions: {
    token_hash: string;
    account_id: string;
    created_at: number;
    expires_at: number;
    last_seen_at: number;
  };
  one_time_tokens: {
    token_hash: string;
    purpose: string;
    account_id: string | null;
    payload: string | null;
    created_by: string;
    created_at: number;
    expires_at: number;
    used_at: number | null;
  };
  api_tokens: {
    id: string;
    account_id: string;
    name: string;
    token_hash: string;
    scopes: string;
    created_at: number;
    last_used_at: number | null;
    revoked_at: number | null;
  };
  gateway_credentials: {
    gateway_id: string;
    site: string;
    machines: string;
    secret_hash: string;
    created_by: string;
    created_at: number;
    revoked_at: number | null;
  };
  audit_log: {
    id: Generated<number>;
    at: number;
    actor: string;
    role: string;
    action: string;
    target: string;
    detail: string | null;
    /** The site the change concerns; null: none (accounts) or from before sites were recorded. */
    site: string | null;
  };
  member_sites: {
    member_id: string;
    site_id: string;
  };
  account_sites: {
    account_id: string;
    site_id: string;
  };
  /** Networks of sites: the member sites this instance receives aggregates from. */
  network_members: {
    site: string;
    /** This instance's site that stands for the network (its funders read the network report). */
    network: string;
    name: string;
    /** Ed25519 public key, PEM (SPKI). */
    public_key: string;
    registered_at: number;
  };
  /** The newest signed aggregate of each member site for each period (canonical JSON). */
  network_aggregates: {
    site: string;
    period: string;
    issued_at: number;
    body: string;
    signature: string;
    received_at: number;
  };
  /** Write counters per group of tables, bumped by triggers (migration 012): caches check them. */
  store_versions: {
    name: string;
    version: number;
  };
}
