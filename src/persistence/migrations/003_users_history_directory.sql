-- Per-user data that outlives the configuration file: default queue membership, DND and
-- forwards, favourites; plus the call history and the directory's contacts.
CREATE TABLE user_default_membership (
  user_id integer NOT NULL REFERENCES xuc_user (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  queue_id integer NOT NULL REFERENCES queue (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  penalty integer NOT NULL CHECK (penalty >= 0),
  PRIMARY KEY (user_id, queue_id)
);

CREATE TABLE user_setting (
  user_id integer PRIMARY KEY REFERENCES xuc_user (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  dnd_enabled boolean NOT NULL DEFAULT false,
  na_fwd_enabled boolean NOT NULL DEFAULT false,
  na_fwd_destination text NOT NULL DEFAULT '',
  unc_fwd_enabled boolean NOT NULL DEFAULT false,
  unc_fwd_destination text NOT NULL DEFAULT '',
  busy_fwd_enabled boolean NOT NULL DEFAULT false,
  busy_fwd_destination text NOT NULL DEFAULT ''
);

CREATE TABLE call_history (
  -- The engine's call id (linkedid): recording the same call again updates it (ongoing → final).
  call_id text PRIMARY KEY,
  start_time timestamptz NOT NULL,
  duration_seconds integer NOT NULL CHECK (duration_seconds >= 0),
  status text NOT NULL CHECK (status IN ('answered', 'abandoned', 'full', 'closed', 'joinempty', 'leaveempty',
    'divert_ca_ratio', 'divert_waittime', 'timeout', 'emitted', 'missed', 'ongoing')),
  src_num text NOT NULL,
  src_first_name text NOT NULL DEFAULT '',
  src_last_name text NOT NULL DEFAULT '',
  src_username text,
  dst_num text NOT NULL,
  dst_first_name text NOT NULL DEFAULT '',
  dst_last_name text NOT NULL DEFAULT '',
  dst_username text,
  agent_id integer,
  agent_name text,
  queue_id integer,
  queue_name text
);
CREATE INDEX call_history_src_user ON call_history (src_username, start_time DESC);
CREATE INDEX call_history_dst_user ON call_history (dst_username, start_time DESC);
CREATE INDEX call_history_agent ON call_history (agent_id, start_time DESC);
CREATE INDEX call_history_queue ON call_history (queue_name, start_time DESC);

CREATE TABLE contact (
  id serial PRIMARY KEY,
  first_name text NOT NULL DEFAULT '',
  last_name text NOT NULL DEFAULT '',
  number text NOT NULL DEFAULT '',
  mobile_number text NOT NULL DEFAULT '',
  company text NOT NULL DEFAULT '',
  email text NOT NULL DEFAULT ''
);

CREATE TABLE favorite (
  user_id integer NOT NULL REFERENCES xuc_user (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  source text NOT NULL,
  contact_id text NOT NULL,
  PRIMARY KEY (user_id, source, contact_id)
);
