-- The contact-center configuration cache (shared/config-format.md). Unique and foreign-key
-- constraints are deferred to commit so that an import can upsert everything first and delete
-- what the file no longer holds afterwards, in one transaction.
CREATE TABLE pbx_setting (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE agent_group (
  id integer PRIMARY KEY CHECK (id > 0),
  name text NOT NULL,
  display_name text
);

CREATE TABLE line (
  id integer PRIMARY KEY CHECK (id > 0),
  interface text NOT NULL,
  number text NOT NULL,
  context text NOT NULL,
  CONSTRAINT line_interface_unique UNIQUE (interface) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT line_number_unique UNIQUE (number) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE agent (
  id integer PRIMARY KEY CHECK (id > 0),
  number text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  group_id integer REFERENCES agent_group (id) DEFERRABLE INITIALLY DEFERRED,
  context text NOT NULL,
  CONSTRAINT agent_number_unique UNIQUE (number) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE queue (
  id integer PRIMARY KEY CHECK (id > 0),
  name text NOT NULL,
  display_name text NOT NULL,
  number text,
  context text NOT NULL,
  wrap_up_time integer NOT NULL DEFAULT 0 CHECK (wrap_up_time >= 0),
  CONSTRAINT queue_name_unique UNIQUE (name) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE xuc_user (
  id integer PRIMARY KEY CHECK (id > 0),
  username text NOT NULL,
  -- Only scrypt hashes, never plain text.
  password_hash text NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
  first_name text NOT NULL,
  last_name text NOT NULL,
  mobile_number text NOT NULL,
  line_id integer REFERENCES line (id) DEFERRABLE INITIALLY DEFERRED,
  agent_id integer REFERENCES agent (id) DEFERRABLE INITIALLY DEFERRED,
  rights text NOT NULL CHECK (rights IN ('agent', 'supervisor', 'admin')),
  supervised_groups integer[] NOT NULL DEFAULT '{}',
  supervised_queues integer[] NOT NULL DEFAULT '{}',
  CONSTRAINT xuc_user_username_unique UNIQUE (username) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE queue_member (
  agent_id integer NOT NULL REFERENCES agent (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  queue_id integer NOT NULL REFERENCES queue (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  penalty integer NOT NULL CHECK (penalty >= 0),
  PRIMARY KEY (agent_id, queue_id)
);

CREATE TABLE user_status (
  name text PRIMARY KEY,
  long_name text NOT NULL,
  color text NOT NULL,
  actions jsonb NOT NULL DEFAULT '[]',
  -- Statuses are shown in the file's order.
  position integer NOT NULL
);
