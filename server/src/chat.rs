//! Chat messages: storage and delivery.
//!
//! Delivery rules: a message is stored once per (conversation, sender,
//! transaction id) — a resend returns the stored message — and gets the
//! conversation's next sequence number in the same database transaction.
//! Clients ask for everything after the last sequence number they hold.

use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};

use axum::http::StatusCode;
use protocol::api::{Message, Sender, MAX_MESSAGE_BYTES};
use protocol::event::{Audience, Event};
use rusqlite::{Connection, OptionalExtension, Row};
use tokio::sync::oneshot;

use crate::app::{AppState, Inner};
use crate::db::random_id;
use crate::error::ApiError;
use crate::limiter::WindowLimiter;

pub const MAX_TXN_BYTES: usize = 100;

/// Who writes a message.
#[derive(Clone, Debug)]
pub enum Author {
    Customer { name: String },
    Operator { id: i64, name: String },
}

impl Author {
    fn sender(&self) -> Sender {
        match self {
            Author::Customer { .. } => Sender::Customer,
            Author::Operator { .. } => Sender::Operator,
        }
    }

    /// Transaction ids are unique per sender key.
    fn key(&self) -> String {
        match self {
            Author::Customer { .. } => "customer".into(),
            Author::Operator { id, .. } => format!("op:{id}"),
        }
    }

    fn name(&self) -> &str {
        match self {
            Author::Customer { name } | Author::Operator { name, .. } => name,
        }
    }
}

fn sender_str(s: Sender) -> &'static str {
    match s {
        Sender::Customer => "customer",
        Sender::Operator => "operator",
        Sender::System => "system",
    }
}

fn sender_from(s: &str) -> Sender {
    match s {
        "customer" => Sender::Customer,
        "operator" => Sender::Operator,
        _ => Sender::System,
    }
}

const MESSAGE_COLUMNS: &str = "conversation_id, seq, txn, sender, author, text, event, at_ms";

fn message_from_row(r: &Row) -> rusqlite::Result<Message> {
    let event: Option<String> = r.get(6)?;
    Ok(Message {
        conversation_id: r.get(0)?,
        seq: r.get(1)?,
        txn: r.get(2)?,
        sender: sender_from(&r.get::<_, String>(3)?),
        author: r.get(4)?,
        text: r.get(5)?,
        event: event.and_then(|e| serde_json::from_str(&e).ok()),
        at_ms: r.get(7)?,
    })
}

/// Messages after `after`, in order. Customers never get agent-only ones.
pub fn messages_after(
    c: &Connection,
    conversation_id: &str,
    after: i64,
    include_agent_only: bool,
    limit: u32,
) -> rusqlite::Result<Vec<Message>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {MESSAGE_COLUMNS} FROM messages
         WHERE conversation_id = ?1 AND seq > ?2 AND (?3 OR agent_only = 0)
         ORDER BY seq LIMIT ?4"
    ))?;
    let rows = stmt.query_map(
        (conversation_id, after, include_agent_only, limit),
        message_from_row,
    )?;
    rows.collect()
}

pub fn conversation_exists(c: &Connection, id: &str) -> rusqlite::Result<bool> {
    c.prepare_cached("SELECT 1 FROM conversations WHERE id = ?1")?
        .exists([id])
}

struct NewMessage<'a> {
    conversation_id: &'a str,
    sender: Sender,
    sender_key: String,
    txn: &'a str,
    author: &'a str,
    text: &'a str,
    event: Option<&'a Event>,
    /// Per-sender, per-conversation message limit (none for system messages).
    rate: Option<&'a WindowLimiter>,
    now: i64,
}

/// A message as stored, and whether it is new (not a resend).
type Stored = (Message, bool);

/// Stores a message unless its transaction id is known, inside the
/// caller's transaction. Everything that refuses a
/// message (the inner error) comes before the first write, so a refused
/// message leaves nothing behind; a database error (the outer one) may
/// leave half a message: the caller rolls the transaction back.
fn store_in(tx: &Connection, m: NewMessage) -> rusqlite::Result<Result<Stored, ApiError>> {
    let existing = tx
        .prepare_cached(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages
             WHERE conversation_id = ?1 AND sender_key = ?2 AND txn = ?3"
        ))?
        .query_row((m.conversation_id, &m.sender_key, m.txn), message_from_row)
        .optional()?;
    if let Some(message) = existing {
        return Ok(Ok((message, false)));
    }
    let closed: Option<bool> = tx
        .prepare_cached("SELECT closed FROM conversations WHERE id = ?1")?
        .query_row([m.conversation_id], |r| r.get(0))
        .optional()?;
    match closed {
        None => return Ok(Err(not_found())),
        Some(true) if m.sender != Sender::System => {
            return Ok(Err(ApiError::conflict(
                "conversation_closed",
                "This conversation has been closed.",
            )))
        }
        _ => {}
    }
    if let Some(rate) = m.rate {
        let key = format!("{}/{}", m.conversation_id, m.sender_key);
        if let Err(limited) = rate.hit(&key) {
            return Ok(Err(ApiError::too_many(
                limited.retry_after_secs,
                &format!("Too many messages: at most {} a minute.", rate.max()),
            )));
        }
    }
    let agent_only = m.event.is_some_and(|e| e.audience() == Audience::AgentOnly);
    let event_json = m
        .event
        .map(|e| serde_json::to_string(e).unwrap_or_default());
    // The next sequence number is the conversation's last one plus one,
    // read from the end of its primary key in the same transaction: no
    // other row to write for every message. Two plain statements, not an
    // INSERT … RETURNING: SQLite gathers RETURNING rows in a temporary
    // table of its own, set up and torn down for every message.
    let seq: i64 = tx
        .prepare_cached(
            "SELECT coalesce(max(seq), 0) + 1 FROM messages WHERE conversation_id = ?1",
        )?
        .query_row([m.conversation_id], |r| r.get(0))?;
    tx.prepare_cached(
        "INSERT INTO messages (conversation_id, seq, sender, sender_key, txn, author, text,
                               event, agent_only, at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute((
        m.conversation_id,
        seq,
        sender_str(m.sender),
        &m.sender_key,
        m.txn,
        m.author,
        m.text,
        &event_json,
        agent_only,
        m.now,
    ))?;
    let message = Message {
        conversation_id: m.conversation_id.to_string(),
        seq,
        txn: m.txn.to_string(),
        sender: m.sender,
        author: m.author.to_string(),
        text: m.text.to_string(),
        event: m.event.cloned(),
        at_ms: m.now,
    };
    Ok(Ok((message, true)))
}

pub fn not_found() -> ApiError {
    ApiError::not_found("conversation_not_found", "There is no such conversation.")
}

/// Checks a chat message before anything is stored.
pub fn validate(txn: &str, text: &str) -> Result<(), ApiError> {
    if txn.is_empty() || txn.len() > MAX_TXN_BYTES {
        return Err(ApiError::bad_request(
            "invalid_txn",
            format!("Every message needs a transaction id of 1 to {MAX_TXN_BYTES} bytes."),
        ));
    }
    if text.trim().is_empty() {
        return Err(ApiError::bad_request(
            "empty_message",
            "Write something before sending.",
        ));
    }
    if text.len() > MAX_MESSAGE_BYTES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "message_too_long",
            format!(
                "This message has {} bytes; the limit is {MAX_MESSAGE_BYTES} bytes (8 KiB). \
                 Please split it.",
                text.len()
            ),
        ));
    }
    Ok(())
}

/// Stores a chat message (once per transaction id) and delivers it.
///
/// Messages are written in batches by whoever holds the writer's role
/// ([`Writer`]): all those sent while the previous batch was being written
/// go into one transaction, so a busy server writes the WAL once for many
/// messages. A message is answered only once its batch is committed.
pub async fn send(
    app: &AppState,
    conversation_id: &str,
    author: &Author,
    txn: &str,
    text: &str,
) -> Result<Message, ApiError> {
    validate(txn, text)?;
    let (reply, answer) = oneshot::channel();
    let job = Job {
        conversation_id: conversation_id.to_string(),
        author: author.clone(),
        txn: txn.to_string(),
        text: text.to_string(),
        now: app.clock.now_ms(),
        reply,
    };
    app.chat_writer.submit(app, job);
    answer
        .await
        .unwrap_or_else(|_| Err(ApiError::internal("a chat message was not written")))
}

/// A chat message waiting to be written.
struct Job {
    conversation_id: String,
    author: Author,
    txn: String,
    text: String,
    now: i64,
    reply: oneshot::Sender<Result<Message, ApiError>>,
}

/// Most messages written in one transaction: more gain little, and the
/// database is held for the whole batch.
const MAX_BATCH: usize = 128;

/// Who writes the queued messages next.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    /// Nobody: the next message is written by the task that sends it.
    Idle,
    /// A sending task is writing a batch on its own thread.
    Task,
    /// The writer thread writes until the queue is empty.
    Thread,
}

struct Queue {
    jobs: VecDeque<Job>,
    role: Role,
    stopped: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    /// Wakes the writer thread when it is handed the role (or stops).
    handed_over: Condvar,
}

impl Shared {
    fn queue(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The chat writer. A message sent while nothing else is being written is
/// written at once by the task that received it (the commit takes tens of
/// microseconds): no hop to another thread and back, which on a busy
/// machine costs more than the write. Messages sent meanwhile queue up; the
/// task then hands the queue to the writer thread, which writes it in
/// batches until it is empty, off the async runtime's few workers. A task
/// never waits for the database: if it is held (a PIN being issued, a
/// checkpoint's last pass), the thread takes the message.
///
/// One writer at a time, in queue order: messages are stored, delivered
/// and answered in the order they were sent. The thread ends when the
/// writer is dropped with the state it writes for.
pub struct Writer {
    shared: Arc<Shared>,
}

impl Writer {
    /// Starts the thread for the state that `app` will point to.
    pub fn start(app: Weak<Inner>) -> Writer {
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue {
                jobs: VecDeque::new(),
                role: Role::Idle,
                stopped: false,
            }),
            handed_over: Condvar::new(),
        });
        let theirs = shared.clone();
        let started = std::thread::Builder::new()
            .name("chat-writer".into())
            .spawn(move || write_handed_over(&theirs, &app));
        if let Err(e) = started {
            // Messages are still written by the tasks that send them; a
            // queue handed over is answered with an error (see `submit`).
            tracing::error!(%e, "the chat writer thread did not start");
            shared.queue().stopped = true;
        }
        Writer { shared }
    }

    /// Queues a message; writes it (and whatever else is queued) at once
    /// if nobody is writing.
    fn submit(&self, app: &AppState, job: Job) {
        let mut queue = self.shared.queue();
        queue.jobs.push_back(job);
        if queue.role != Role::Idle {
            return;
        }
        queue.role = Role::Task;
        drop(queue);
        // The connection if it is free: a task never waits for it.
        let written = app.db.try_with(|c| {
            let jobs = take_batch(&mut self.shared.queue());
            let outcome = catch_panic(|| commit_batch(c, app, &jobs));
            (jobs, outcome)
        });
        if let Some((jobs, outcome)) = written {
            deliver(app, jobs, outcome);
        }
        let mut queue = self.shared.queue();
        if queue.jobs.is_empty() {
            queue.role = Role::Idle;
        } else if queue.stopped {
            // No thread to hand over to: nothing queued can be written.
            queue.role = Role::Idle;
            for job in queue.jobs.drain(..) {
                let _ = job
                    .reply
                    .send(Err(ApiError::internal("the chat writer has stopped")));
            }
        } else {
            queue.role = Role::Thread;
            self.shared.handed_over.notify_one();
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.shared.queue().stopped = true;
        self.shared.handed_over.notify_one();
    }
}

fn take_batch(queue: &mut Queue) -> Vec<Job> {
    let n = queue.jobs.len().min(MAX_BATCH);
    queue.jobs.drain(..n).collect()
}

/// The writer thread: waits to be handed the queue, then writes it in
/// batches until it is empty.
fn write_handed_over(shared: &Shared, app: &Weak<Inner>) {
    loop {
        let jobs = {
            let mut queue = shared.queue();
            loop {
                if queue.stopped {
                    return;
                }
                if queue.role == Role::Thread {
                    if !queue.jobs.is_empty() {
                        break take_batch(&mut queue);
                    }
                    queue.role = Role::Idle;
                }
                queue = shared
                    .handed_over
                    .wait(queue)
                    .unwrap_or_else(|p| p.into_inner());
            }
        };
        let Some(app) = app.upgrade().map(AppState::from) else {
            return;
        };
        let outcome = app
            .db
            .with(|c| catch_panic(|| commit_batch(c, &app, &jobs)));
        deliver(&app, jobs, outcome);
    }
}

/// What a batch's transaction gave: each message's outcome, or the error
/// that failed the whole batch.
type BatchOutcome = Result<Vec<Result<Stored, ApiError>>, String>;

/// A panic fails its batch only (its senders get an error); the next batch
/// is written.
fn catch_panic(
    write: impl FnOnce() -> rusqlite::Result<Vec<Result<Stored, ApiError>>>,
) -> BatchOutcome {
    match panic::catch_unwind(AssertUnwindSafe(write)) {
        Ok(written) => written.map_err(|e| e.to_string()),
        Err(_) => {
            tracing::error!("writing a batch of chat messages panicked");
            Err("writing this message failed".into())
        }
    }
}

/// One transaction for the batch. A database error fails the whole batch
/// (nothing of it is stored); a refused message only itself.
fn commit_batch(
    c: &mut Connection,
    app: &AppState,
    jobs: &[Job],
) -> rusqlite::Result<Vec<Result<Stored, ApiError>>> {
    let tx = c.transaction()?;
    let mut outcomes = Vec::with_capacity(jobs.len());
    for job in jobs {
        let new = NewMessage {
            conversation_id: &job.conversation_id,
            sender: job.author.sender(),
            sender_key: job.author.key(),
            txn: &job.txn,
            author: job.author.name(),
            text: &job.text,
            event: None,
            rate: Some(&app.messages),
            now: job.now,
        };
        outcomes.push(store_in(&tx, new)?);
    }
    tx.commit()?;
    Ok(outcomes)
}

/// After the commit: delivery, then the answers. A panic here must not
/// stop the writer (nobody would write again): it is logged, and the
/// batch's senders get an error (their messages are stored: a resend gets
/// the stored message).
fn deliver(app: &AppState, jobs: Vec<Job>, outcome: BatchOutcome) {
    let delivered = panic::catch_unwind(AssertUnwindSafe(|| finish_batch(app, jobs, outcome)));
    if delivered.is_err() {
        tracing::error!("delivering a batch of chat messages panicked");
    }
}

fn finish_batch(app: &AppState, jobs: Vec<Job>, outcome: BatchOutcome) {
    let outcomes = match outcome {
        Ok(outcomes) => outcomes,
        Err(e) => {
            for job in jobs {
                let _ = job.reply.send(Err(ApiError::internal(&e)));
            }
            return;
        }
    };
    for (message, created) in outcomes.iter().flatten() {
        if *created {
            app.hub.message(message, false);
            app.hub.summary_due(&message.conversation_id);
        }
    }
    for (job, outcome) in jobs.into_iter().zip(outcomes) {
        let _ = job.reply.send(outcome.map(|(message, _)| message));
    }
}

/// Stores a remote-assist event as a system message and delivers it.
pub fn post_event(
    app: &AppState,
    conversation_id: &str,
    event: Event,
) -> Result<Message, ApiError> {
    let stored = app.db.with(|c| -> Result<StoredEvent, ApiError> {
        let tx = c.transaction()?;
        let stored = store_event(&tx, app, conversation_id, event)?;
        tx.commit()?;
        Ok(stored)
    })?;
    deliver_event(app, &stored);
    Ok(stored.message)
}

/// A system message stored, to deliver once its transaction is committed.
pub struct StoredEvent {
    pub message: Message,
    agent_only: bool,
}

/// Stores a remote-assist event as a system message inside the caller's
/// transaction, so that a change and its events are one commit. Deliver
/// it with [`deliver_event`] after the commit.
pub fn store_event(
    tx: &Connection,
    app: &AppState,
    conversation_id: &str,
    event: Event,
) -> Result<StoredEvent, ApiError> {
    let text = event.text_en();
    let txn = format!("sys-{}", random_id());
    let new = NewMessage {
        conversation_id,
        sender: Sender::System,
        sender_key: "system".into(),
        txn: &txn,
        author: &app.config.settings.org_name,
        text: &text,
        event: Some(&event),
        rate: None,
        now: app.clock.now_ms(),
    };
    let (message, _) = store_in(tx, new)??;
    Ok(StoredEvent {
        message,
        agent_only: event.audience() == Audience::AgentOnly,
    })
}

/// Delivers a committed event to the sockets that follow its conversation.
pub fn deliver_event(app: &AppState, stored: &StoredEvent) {
    app.hub.message(&stored.message, stored.agent_only);
    app.hub.summary_due(&stored.message.conversation_id);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(txn: &str) -> NewMessage<'_> {
        NewMessage {
            conversation_id: "c1",
            sender: Sender::Customer,
            sender_key: "customer".into(),
            txn,
            author: "Ann",
            text: "hello",
            event: None,
            rate: None,
            now: 0,
        }
    }

    #[test]
    fn sequence_numbers_follow_the_stored_messages_once_per_txn() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::Db::open(dir.path()).unwrap();
        let seqs = db.with(|c| {
            c.execute(
                "INSERT INTO conversations (id, token_hash, customer_name, device_class,
                                            device_os, user_agent, created_at_ms)
                 VALUES ('c1', 'h1', 'Ann', 'desktop', 'windows', 'ua', 0)",
                [],
            )
            .unwrap();
            let mut seqs = Vec::new();
            // One message a transaction, then several in one (a batch).
            for txn in ["a", "b"] {
                let tx = c.transaction().unwrap();
                seqs.push(store_in(&tx, customer(txn)).unwrap().unwrap());
                tx.commit().unwrap();
            }
            let tx = c.transaction().unwrap();
            for txn in ["c", "a", "d"] {
                seqs.push(store_in(&tx, customer(txn)).unwrap().unwrap());
            }
            tx.commit().unwrap();
            seqs
        });
        let got: Vec<(i64, bool)> = seqs.iter().map(|(m, new)| (m.seq, *new)).collect();
        // The resent "a" is the stored message, not a new one.
        assert_eq!(
            got,
            [(1, true), (2, true), (3, true), (1, false), (4, true)]
        );
    }

    #[test]
    fn messages_are_checked() {
        assert!(validate("t", "hi").is_ok());
        assert_eq!(validate("", "hi").unwrap_err().code, "invalid_txn");
        assert_eq!(validate("t", " \n").unwrap_err().code, "empty_message");
        let long = "x".repeat(MAX_MESSAGE_BYTES + 1);
        assert_eq!(validate("t", &long).unwrap_err().code, "message_too_long");
        assert!(validate("t", &"x".repeat(MAX_MESSAGE_BYTES)).is_ok());
    }
}
