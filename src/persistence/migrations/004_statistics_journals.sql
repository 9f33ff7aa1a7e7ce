-- What the statistics were computed from, so that a restart in the middle of the day replays the
-- day instead of starting from zero. Both append-only; rows older than the last two statistics
-- days are deleted when they are read at start.

-- Agent statistics: agent states and the calls of the agent's line (src/stats/agentStatsJournal.ts).
CREATE TABLE agent_stats_event (
  id bigserial PRIMARY KEY,
  at_ms bigint NOT NULL,
  agent_id integer NOT NULL,
  entry jsonb NOT NULL
);
CREATE INDEX agent_stats_event_at ON agent_stats_event (at_ms);

-- Queue statistics without a queue_log file or table: the records derived from AMI, Asterisk's
-- queue_log layout (src/stats/queueLogRecord.ts).
CREATE TABLE derived_queue_log (
  id bigserial PRIMARY KEY,
  time_ms bigint NOT NULL,
  callid text NOT NULL,
  queuename text NOT NULL,
  agent text NOT NULL,
  event text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX derived_queue_log_time ON derived_queue_log (time_ms);
