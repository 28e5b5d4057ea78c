-- Remote Assist, schema version 3. A conversation's last sequence number is
-- the end of its messages' primary key: a message no longer writes its
-- conversation's row too.
ALTER TABLE conversations DROP COLUMN last_seq;
