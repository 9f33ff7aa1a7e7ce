-- Callbacks (product documentation §1.3.1 and §1.3.3): periods, lists attached to a queue,
-- requests in a list, and the tickets that performing a request produces.
CREATE TABLE callback_period (
  uuid uuid PRIMARY KEY,
  name text NOT NULL UNIQUE,
  period_start time NOT NULL,
  period_end time NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  CHECK (period_start < period_end)
);
-- At most one default period.
CREATE UNIQUE INDEX callback_period_one_default ON callback_period (is_default) WHERE is_default;

CREATE TABLE callback_list (
  uuid uuid PRIMARY KEY,
  name text NOT NULL,
  -- No foreign key: a configuration import may drop a queue; the list then shows under no queue
  -- rather than blocking the import or losing the requests.
  queue_id integer NOT NULL
);

CREATE TABLE callback_request (
  uuid uuid PRIMARY KEY,
  list_uuid uuid NOT NULL REFERENCES callback_list (uuid) ON DELETE CASCADE,
  phone_number text,
  mobile_phone_number text,
  first_name text,
  last_name text,
  company text,
  description text,
  due_date date NOT NULL,
  period_uuid uuid NOT NULL REFERENCES callback_period (uuid),
  -- The agent who took it; NULL while free. Taking is `UPDATE … WHERE agent_id IS NULL`, so two
  -- agents taking at once cannot both win, even across servers.
  agent_id integer,
  clotured boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  CHECK (phone_number IS NOT NULL OR mobile_phone_number IS NOT NULL)
);
CREATE INDEX callback_request_open ON callback_request (list_uuid) WHERE NOT clotured;

CREATE TABLE callback_ticket (
  uuid uuid PRIMARY KEY,
  -- A ticket sums the request up and stands alone: it survives the request's deletion.
  request_uuid uuid NOT NULL,
  list_uuid uuid NOT NULL REFERENCES callback_list (uuid) ON DELETE CASCADE,
  phone_number text,
  mobile_phone_number text,
  first_name text,
  last_name text,
  company text,
  description text,
  due_date date NOT NULL,
  period_name text NOT NULL,
  called_number text NOT NULL,
  start_date timestamptz NOT NULL,
  last_update timestamptz NOT NULL,
  comment text,
  status text CHECK (status IN ('NoAnswer', 'Answered', 'Fax', 'Email', 'Callback')),
  agent_id integer NOT NULL
);
CREATE INDEX callback_ticket_list ON callback_ticket (list_uuid, start_date);
