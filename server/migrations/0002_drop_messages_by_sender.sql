-- Remote Assist, schema version 2. The message limit is counted in memory:
-- nothing reads this index, and every message paid for writing it.
DROP INDEX IF EXISTS messages_by_sender;
