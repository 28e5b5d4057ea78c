-- Remote Assist, schema version 1. Times are Unix milliseconds.

CREATE TABLE operators (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at_ms INTEGER NOT NULL
);

-- Sign-in cookies; only a hash of each token is kept.
CREATE TABLE operator_sessions (
    token_hash    TEXT PRIMARY KEY,
    operator_id   INTEGER NOT NULL REFERENCES operators(id),
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
);

CREATE TABLE conversations (
    id            TEXT PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    customer_name TEXT NOT NULL,
    device_class  TEXT NOT NULL,
    device_os     TEXT NOT NULL,
    user_agent    TEXT NOT NULL,
    agent_id      INTEGER REFERENCES operators(id),
    closed        INTEGER NOT NULL DEFAULT 0,
    last_seq      INTEGER NOT NULL DEFAULT 0,
    created_at_ms INTEGER NOT NULL
);

-- One row per message; a transaction id is stored once per sender.
CREATE TABLE messages (
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    seq             INTEGER NOT NULL,
    sender          TEXT NOT NULL,
    sender_key      TEXT NOT NULL,
    txn             TEXT NOT NULL,
    author          TEXT NOT NULL,
    text            TEXT NOT NULL,
    event           TEXT,
    agent_only      INTEGER NOT NULL DEFAULT 0,
    at_ms           INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    UNIQUE (conversation_id, sender_key, txn)
);
CREATE INDEX messages_by_sender ON messages(conversation_id, sender_key, at_ms);

-- state: live, claimed, revoked, expired.
CREATE TABLE pins (
    id              INTEGER PRIMARY KEY,
    pin             TEXT NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    agent_id        INTEGER NOT NULL REFERENCES operators(id),
    state           TEXT NOT NULL,
    created_at_ms   INTEGER NOT NULL,
    expires_at_ms   INTEGER NOT NULL,
    ended_at_ms     INTEGER
);
-- No two live PINs are the same.
CREATE UNIQUE INDEX pins_live ON pins(pin) WHERE state = 'live';
CREATE INDEX pins_by_conversation ON pins(conversation_id, state);

-- status: waiting, active, ended, timed_out.
CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    token_hash      TEXT NOT NULL UNIQUE,
    pin_id          INTEGER NOT NULL UNIQUE REFERENCES pins(id),
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    agent_id        INTEGER NOT NULL REFERENCES operators(id),
    status          TEXT NOT NULL,
    mode            TEXT,
    device_class    TEXT NOT NULL,
    device_os       TEXT NOT NULL,
    user_agent      TEXT NOT NULL,
    browser_view    INTEGER NOT NULL,
    technician_id   INTEGER REFERENCES operators(id),
    claimed_at_ms   INTEGER NOT NULL,
    started_at_ms   INTEGER,
    ended_at_ms     INTEGER
);
CREATE INDEX sessions_by_status ON sessions(status, claimed_at_ms);
