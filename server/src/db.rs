//! SQLite storage: one connection behind a mutex, WAL, migrations embedded
//! in the binary and applied at start (`PRAGMA user_version` counts them).
//!
//! WAL with `synchronous = NORMAL`: a commit is a write to the WAL file
//! without fsync, so an acknowledged message survives a kill of the process
//! (not a power cut). The server copies the WAL into the database file
//! (a checkpoint, with fsync) on a connection and thread of its own, see
//! [`Checkpointer`], so requests do not wait for disk flushes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, TryLockError};
use std::time::Duration;

use anyhow::{bail, Context};
use blake2::{Blake2s256, Digest};
use rand::rngs::OsRng;
use rand::RngCore;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

/// Migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_drop_messages_by_sender.sql"),
    include_str!("../migrations/0003_no_last_seq.sql"),
    include_str!("../migrations/0004_messages_without_rowid.sql"),
];

pub const FILE_NAME: &str = "remote-assist.sqlite3";

/// Prepared statements kept per connection (`prepare_cached`).
const STATEMENT_CACHE: usize = 64;

/// Page cache of the serving connection, in KiB: the pages that chat
/// messages touch (the tail of every open conversation's indexes) stay in
/// memory instead of being read again and spilled mid-transaction.
const CACHE_KIB: i64 = 32 * 1024;

/// Page size of a new database. A chat message changes a leaf of each of
/// the messages table's two b-trees, in places far apart, and every
/// changed page goes whole into the WAL (and later once more into the
/// database file): 2 KiB pages write about half the bytes of SQLite's
/// default 4 KiB for each message. A database keeps the page size it was
/// created with.
const PAGE_SIZE: i64 = 2048;

/// The WAL file is cut back to this size after a checkpoint has emptied it.
const WAL_SIZE_LIMIT: i64 = 64 * 1024 * 1024;

/// WAL frames (pages) beyond which a checkpoint makes sure that the WAL
/// starts over (see [`Checkpointer::run`]): 16 MiB with 2 KiB pages. A WAL
/// that starts over is written over pages the kernel has cached already;
/// one that keeps growing makes the kernel allocate and zero fresh pages
/// for every commit, which cost more than the write itself. Not more: what
/// a burst of writes leaves in the WAL is copied into the database file
/// (and synced) after it, while the next requests write; with 64 MiB the
/// copy after the sustained relay still ran into the PIN phase.
const WAL_MAX_FRAMES: i64 = 8192;

/// Passes without the lock before the last one (see [`Checkpointer::run`]).
const CATCH_UP_PASSES: usize = 8;

#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    /// A second, read-only connection (see [`Db::read`]).
    reader: Arc<Mutex<Connection>>,
    path: PathBuf,
}

/// Page cache of the read-only connection, in KiB.
const READER_CACHE_KIB: i64 = 8 * 1024;

impl Db {
    /// Opens (creating the directory and file if needed) and migrates.
    pub fn open(data_dir: &Path) -> anyhow::Result<Db> {
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create data directory {}", data_dir.display()))?;
        let path = db_path(data_dir);
        let mut conn = Connection::open(&path)
            .with_context(|| format!("cannot open database {}", path.display()))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // Only a database without content takes it (before WAL mode).
        conn.pragma_update(None, "page_size", PAGE_SIZE)?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            bail!("the database could not switch to WAL mode (got {mode})");
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT)?;
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // Plans that do not depend on bound values: otherwise SQLite
        // re-prepares a cached join on every new value, as costly as
        // not caching it.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        migrate(&mut conn)?;
        let reader = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("cannot open database {} to read", path.display()))?;
        reader.busy_timeout(Duration::from_secs(5))?;
        reader.pragma_update(None, "cache_size", -READER_CACHE_KIB)?;
        reader.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        reader.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
            reader: Arc::new(Mutex::new(reader)),
            path,
        })
    }

    /// Runs `f` with the read-only connection: for reads that stand alone
    /// (sign-in and token lookups, replays, summaries, lists). In WAL mode
    /// a reader neither waits for the writer nor holds it up, so these do
    /// not queue behind a batch of chat messages being written. Each read
    /// sees everything committed before it began.
    pub fn read<R>(&self, f: impl FnOnce(&Connection) -> R) -> R {
        let conn = self
            .reader
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&conn)
    }

    /// Runs `f` with the connection if nobody holds it; None (and `f` not
    /// run) otherwise. For async tasks, which must not wait for the lock.
    pub fn try_with<R>(&self, f: impl FnOnce(&mut Connection) -> R) -> Option<R> {
        let mut conn = match self.conn.try_lock() {
            Ok(conn) => conn,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => return None,
        };
        Some(f(&mut conn))
    }

    /// Runs `f` with the connection, for an async task: at once when the
    /// connection is free (no hop to another thread), otherwise on a
    /// blocking thread that waits for it. A task that waited for the lock
    /// itself would hold up one of the runtime's few workers, and with it
    /// every socket and request queued on that worker, for as long as the
    /// holder keeps the connection (a checkpoint's last pass syncs the
    /// disk: milliseconds, on a busy disk tens of them).
    pub async fn write<R, F>(&self, f: F) -> R
    where
        F: FnOnce(&mut Connection) -> R + Send + 'static,
        R: Send + 'static,
    {
        let f = match self.conn.try_lock() {
            Ok(mut conn) => return f(&mut conn),
            Err(TryLockError::Poisoned(poisoned)) => return f(&mut poisoned.into_inner()),
            Err(TryLockError::WouldBlock) => f,
        };
        let db = self.clone();
        match tokio::task::spawn_blocking(move || db.with(f)).await {
            Ok(r) => r,
            Err(e) => match e.try_into_panic() {
                Ok(payload) => std::panic::resume_unwind(payload),
                Err(e) => panic!("a database write was cancelled: {e}"),
            },
        }
    }

    /// Runs `f` with the connection. Keep it short: it holds the lock.
    /// From async code, use [`Db::write`].
    pub fn with<R>(&self, f: impl FnOnce(&mut Connection) -> R) -> R {
        let mut conn = self
            .conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut conn)
    }

    /// Takes checkpoints over from the connection that serves requests:
    /// from now on they run only when [`Checkpointer::run`] is called.
    pub fn checkpointer(&self) -> anyhow::Result<Checkpointer> {
        let conn = Connection::open(&self.path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.with(|c| c.pragma_update(None, "wal_autocheckpoint", 0))?;
        Ok(Checkpointer {
            conn,
            db: self.clone(),
            max_frames: WAL_MAX_FRAMES,
        })
    }
}

/// A second connection that copies the WAL into the database file. A
/// checkpoint fsyncs the WAL and the database file; on the connection that
/// serves requests it would hold the lock for milliseconds.
pub struct Checkpointer {
    conn: Connection,
    db: Db,
    /// `WAL_MAX_FRAMES` (smaller in tests).
    max_frames: i64,
}

impl Checkpointer {
    /// Copies the WAL into the database file. Blocks for the disk: call it
    /// from a blocking thread.
    ///
    /// A passive checkpoint copies what was written before it started and
    /// holds nobody up. But the WAL starts over only when a checkpoint has
    /// copied all of it and nothing was written since, which under steady
    /// writes a passive one rarely achieves. So once the WAL is past
    /// `WAL_MAX_FRAMES`, passive passes follow each other until one finds
    /// that nothing was written since the previous one copied everything:
    /// then the next commit starts the WAL over, and nobody was held up.
    /// Under light writes one of a few passes gets there. Only when none
    /// does (writes without a pause) does a last pass hold writers up while
    /// it copies the few frames written during the one before (and syncs).
    pub fn run(&self) -> rusqlite::Result<()> {
        let mut last = self.passive()?;
        if last.frames <= self.max_frames {
            return Ok(());
        }
        for _ in 0..CATCH_UP_PASSES {
            let now = self.passive()?;
            let started_over = now.frames < last.frames;
            let quiet_since_all_copied = now.frames == last.frames && last.all_copied();
            if started_over || quiet_since_all_copied {
                return Ok(());
            }
            last = now;
        }
        let started = std::time::Instant::now();
        let pass = self.db.with(|_| self.passive())?;
        tracing::debug!(
            frames = pass.frames - last.frames,
            held_us = started.elapsed().as_micros() as u64,
            "checkpoint: a last pass held writers up"
        );
        Ok(())
    }

    /// A passive checkpoint.
    fn passive(&self) -> rusqlite::Result<Pass> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok(Pass {
                    frames: r.get(1)?,
                    copied: r.get(2)?,
                })
            })
    }
}

/// What a passive checkpoint found and did.
#[derive(Clone, Copy, Debug)]
struct Pass {
    /// Frames in the WAL when the pass started.
    frames: i64,
    /// Of those, the frames in the database file when it ended.
    copied: i64,
}

impl Pass {
    fn all_copied(&self) -> bool {
        self.copied == self.frames
    }
}

impl Drop for Checkpointer {
    /// Hands checkpoints back to the serving connection.
    fn drop(&mut self) {
        let _ = self
            .db
            .with(|c| c.pragma_update(None, "wal_autocheckpoint", 1000));
    }
}

pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        bail!("the database has schema version {version}; this server knows up to {known}");
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .with_context(|| format!("migration {} failed", i + 1))?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
        tracing::info!(version = i + 1, "database migrated");
    }
    Ok(())
}

/// A secret token: 256 bits from the operating system's CSPRNG, as hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// An identifier: 128 random bits as hex (unguessable, but not a secret).
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// What is stored for a token: its BLAKE2s hash, so a copy of the database
/// does not hand out working tokens.
pub fn token_hash(token: &str) -> String {
    hex(&Blake2s256::digest(token.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("nested/data");
        let db = Db::open(&data).unwrap();
        let v: i64 = db.with(|c| {
            c.query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap()
        });
        assert_eq!(v, MIGRATIONS.len() as i64);
        drop(db);
        let db = Db::open(&data).unwrap();
        let mode: String = db.with(|c| {
            c.query_row("PRAGMA journal_mode", [], |r| r.get(0))
                .unwrap()
        });
        assert_eq!(mode, "wal");
    }

    #[test]
    fn the_reader_sees_every_commit_and_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        let count = || {
            db.read(|c| c.query_row("SELECT COUNT(*) FROM operators", [], |r| r.get::<_, i64>(0)))
                .unwrap()
        };
        assert_eq!(count(), 0);
        db.with(|c| {
            c.execute(
                "INSERT INTO operators (email, name, password_hash, created_at_ms)
                 VALUES ('a@example.com', 'A', 'x', 0)",
                [],
            )
        })
        .unwrap();
        assert_eq!(count(), 1);
        let write = db.read(|c| c.execute("DELETE FROM operators", []));
        assert!(write.is_err(), "the reader wrote");
        assert_eq!(count(), 1);
    }

    /// A database file with the first `version` migrations applied, as an
    /// older server left it.
    fn database_at(dir: &Path, version: usize) -> Connection {
        let conn = Connection::open(db_path(dir)).unwrap();
        for sql in &MIGRATIONS[..version] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", version as i64)
            .unwrap();
        conn
    }

    #[test]
    fn migration_3_keeps_conversations_and_messages() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = database_at(dir.path(), 2);
        let tx = conn.transaction().unwrap();
        tx.execute_batch(
            "INSERT INTO conversations (id, token_hash, customer_name, device_class, device_os,
                                        user_agent, last_seq, created_at_ms)
             VALUES ('c1', 'h1', 'Ann', 'desktop', 'windows', 'ua', 2, 0);
             INSERT INTO messages (conversation_id, seq, sender, sender_key, txn, author, text,
                                   at_ms)
             VALUES ('c1', 1, 'customer', 'customer', 't1', 'Ann', 'hello', 0),
                    ('c1', 2, 'customer', 'customer', 't2', 'Ann', 'again', 0);",
        )
        .unwrap();
        tx.commit().unwrap();
        drop(conn);
        let db = Db::open(dir.path()).unwrap();
        let (name, messages, last): (String, i64, i64) = db.with(|c| {
            c.query_row(
                "SELECT customer_name, (SELECT COUNT(*) FROM messages),
                        (SELECT max(seq) FROM messages WHERE conversation_id = 'c1')
                 FROM conversations WHERE id = 'c1'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
        });
        assert_eq!((name.as_str(), messages, last), ("Ann", 2, 2));
        let has_last_seq: bool = db.with(|c| {
            c.prepare("SELECT 1 FROM pragma_table_info('conversations') WHERE name = 'last_seq'")
                .unwrap()
                .exists([])
                .unwrap()
        });
        assert!(!has_last_seq);
    }

    /// Migration 4 keeps every message (long ones too) and what makes a
    /// message unique; the table then has no rowid.
    #[test]
    fn migration_4_keeps_messages_without_a_rowid() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = database_at(dir.path(), 3);
        let long = "x".repeat(8 * 1024);
        let tx = conn.transaction().unwrap();
        tx.execute(
            "INSERT INTO conversations (id, token_hash, customer_name, device_class, device_os,
                                        user_agent, created_at_ms)
             VALUES ('c1', 'h1', 'Ann', 'desktop', 'windows', 'ua', 0)",
            [],
        )
        .unwrap();
        for (seq, txn, text) in [
            (1, "t1", "hello"),
            (2, "t2", long.as_str()),
            (3, "t3", "bye"),
        ] {
            tx.execute(
                "INSERT INTO messages (conversation_id, seq, sender, sender_key, txn, author,
                                       text, event, agent_only, at_ms)
                 VALUES ('c1', ?1, 'customer', 'customer', ?2, 'Ann', ?3, NULL, 0, ?1)",
                (seq, txn, text),
            )
            .unwrap();
        }
        tx.commit().unwrap();
        drop(conn);
        let db = Db::open(dir.path()).unwrap();
        let kept: Vec<(i64, String, String)> = db.with(|c| {
            let mut stmt = c
                .prepare(
                    "SELECT seq, txn, text FROM messages WHERE conversation_id = 'c1' ORDER BY seq",
                )
                .unwrap();
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap();
            rows.collect::<rusqlite::Result<_>>().unwrap()
        });
        assert_eq!(
            kept,
            [
                (1, "t1".to_string(), "hello".to_string()),
                (2, "t2".to_string(), long.clone()),
                (3, "t3".to_string(), "bye".to_string()),
            ]
        );
        db.with(|c| {
            assert!(c.prepare("SELECT rowid FROM messages").is_err());
            // Still one message per (conversation, seq) and per transaction id.
            for (seq, txn) in [(3, "t9"), (9, "t1")] {
                let again = c.execute(
                    "INSERT INTO messages (conversation_id, seq, sender, sender_key, txn, author,
                                           text, at_ms)
                     VALUES ('c1', ?1, 'customer', 'customer', ?2, 'Ann', 'again', 0)",
                    (seq, txn),
                );
                assert!(again.is_err(), "stored twice: seq {seq}, txn {txn}");
            }
        });
    }

    #[test]
    fn new_databases_get_small_pages_and_old_ones_keep_theirs() {
        let dir = tempfile::tempdir().unwrap();
        let page = |db: &Db| -> i64 {
            db.with(|c| c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap())
        };
        assert_eq!(page(&Db::open(dir.path()).unwrap()), PAGE_SIZE);
        let old = tempfile::tempdir().unwrap();
        let conn = Connection::open(db_path(old.path())).unwrap();
        conn.execute_batch("PRAGMA page_size = 4096; CREATE TABLE t (x);")
            .unwrap();
        drop(conn);
        assert_eq!(page(&Db::open(old.path()).unwrap()), 4096);
    }

    /// A fresh database and its checkpointer with a smaller WAL limit than
    /// the server's, for quicker tests (keep the directory alive).
    fn small_wal_limit() -> (tempfile::TempDir, Db, Checkpointer) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        let mut checkpointer = db.checkpointer().unwrap();
        checkpointer.max_frames = 8192;
        (dir, db, checkpointer)
    }

    /// Under steady writes a passive checkpoint never copies the whole WAL,
    /// so it would grow for ever; past `WAL_MAX_FRAMES` the checkpointer's
    /// last pass makes it start over, and nothing written is lost.
    #[test]
    fn the_wal_starts_over_under_steady_writes() {
        use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
        let (_dir, db, checkpointer) = small_wal_limit();
        db.with(|c| c.execute_batch("CREATE TABLE t (x BLOB)"))
            .unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let written = Arc::new(AtomicI64::new(0));
        let writer = std::thread::spawn({
            let (db, stop, written) = (db.clone(), stop.clone(), written.clone());
            move || {
                while !stop.load(Ordering::Relaxed) {
                    db.with(|c| c.execute("INSERT INTO t VALUES (zeroblob(3000))", []))
                        .unwrap();
                    written.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
        let frames = || -> i64 {
            checkpointer
                .conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1))
                .unwrap()
        };
        let started = std::time::Instant::now();
        let mut restarted = false;
        while !restarted && started.elapsed() < Duration::from_secs(60) {
            let before = frames();
            checkpointer.run().unwrap();
            // Once past the limit, the next commits start the WAL over.
            let mark = written.load(Ordering::Relaxed);
            while written.load(Ordering::Relaxed) < mark + 2 {
                std::thread::yield_now();
            }
            restarted = before > checkpointer.max_frames && frames() < before / 2;
        }
        stop.store(true, Ordering::Relaxed);
        writer.join().unwrap();
        assert!(restarted, "the WAL never started over");
        let rows: i64 = db
            .read(|c| c.query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0)))
            .unwrap();
        assert_eq!(rows, written.load(Ordering::Relaxed));
    }

    /// A WAL past the limit with no writes in flight starts over without
    /// its checkpoint holding writers up: it never waits for the
    /// connection, however long another holds it.
    #[test]
    fn a_quiet_wal_starts_over_without_holding_writers_up() {
        use std::sync::mpsc;
        let (_dir, db, checkpointer) = small_wal_limit();
        db.with(|c| {
            c.execute_batch(
                "CREATE TABLE t (x BLOB);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
                 INSERT INTO t SELECT zeroblob(3000) FROM n;",
            )
        })
        .unwrap();
        let frames = |c: &Connection| -> i64 {
            c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1))
                .unwrap()
        };
        assert!(frames(&checkpointer.conn) > checkpointer.max_frames);
        let (held, is_held) = mpsc::channel();
        let (release, released) = mpsc::channel::<()>();
        let holder = std::thread::spawn({
            let db = db.clone();
            move || {
                db.with(|_| {
                    held.send(()).unwrap();
                    let _ = released.recv_timeout(Duration::from_secs(10));
                })
            }
        });
        is_held.recv().unwrap();
        let (ran, has_run) = mpsc::channel();
        let checkpoint = std::thread::spawn(move || {
            let result = checkpointer.run();
            ran.send(()).unwrap();
            (checkpointer, result)
        });
        let waited_for_the_writer = has_run.recv_timeout(Duration::from_secs(5)).is_err();
        release.send(()).unwrap();
        holder.join().unwrap();
        let (checkpointer, result) = checkpoint.join().unwrap();
        result.unwrap();
        assert!(
            !waited_for_the_writer,
            "the checkpoint waited for the writer"
        );
        // The next commit starts the WAL over; nothing is lost.
        db.with(|c| c.execute("INSERT INTO t VALUES (zeroblob(10))", []))
            .unwrap();
        assert!(frames(&checkpointer.conn) < 10);
        let rows: i64 = db
            .read(|c| c.query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0)))
            .unwrap();
        assert_eq!(rows, 6001);
    }

    /// An async task that needs the connection while another holds it
    /// waits on a blocking thread: the runtime (here one thread) goes on
    /// running its other tasks meanwhile.
    #[test]
    fn a_write_never_holds_up_the_runtime() {
        use std::sync::mpsc;
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        db.with(|c| c.execute_batch("CREATE TABLE t (x)")).unwrap();
        let (held, is_held) = mpsc::channel();
        let (release, released) = mpsc::channel::<()>();
        let holder = std::thread::spawn({
            let db = db.clone();
            move || {
                db.with(|_| {
                    held.send(()).unwrap();
                    // True if let go by the other task, false on giving up.
                    released.recv_timeout(Duration::from_secs(10)).is_ok()
                })
            }
        });
        is_held.recv().unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let written = runtime.block_on(async {
            let write = db.write(|c| c.execute("INSERT INTO t VALUES (1)", []));
            // Runs only if the write above lets the runtime go on.
            let other_task = async {
                tokio::task::yield_now().await;
                release.send(()).unwrap();
            };
            tokio::join!(write, other_task).0
        });
        assert!(holder.join().unwrap(), "the runtime stopped while waiting");
        assert_eq!(written.unwrap(), 1);
        // And a free connection is written at once, on the task's thread.
        let id = runtime.block_on(db.write(|_| std::thread::current().id()));
        assert_eq!(id, std::thread::current().id());
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        drop(Db::open(dir.path()).unwrap());
        let conn = Connection::open(db_path(dir.path())).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        assert!(Db::open(dir.path()).is_err());
    }

    #[test]
    fn tokens_are_long_and_distinct() {
        let a = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token());
        assert_eq!(random_id().len(), 32);
        assert_eq!(token_hash("x").len(), 64);
        assert_ne!(token_hash("x"), token_hash("y"));
    }
}
