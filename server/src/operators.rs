//! Operator accounts, as the `operator` subcommands and the demo operator
//! manage them.

use anyhow::{bail, Context};
use rand::rngs::OsRng;
use rand::Rng;
use rusqlite::OptionalExtension;

use crate::auth::hash_password;
use crate::clock::{Clock, SystemClock};
use crate::db::Db;

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const DEMO_EMAIL: &str = "demo@example.com";

fn check_email(email: &str) -> anyhow::Result<String> {
    let email = email.trim().to_lowercase();
    if email.len() > 254 || !email.contains('@') || email.chars().any(char::is_whitespace) {
        bail!("{email:?} is not an email address");
    }
    Ok(email)
}

fn check_password(password: &str) -> anyhow::Result<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        bail!("the password needs at least {MIN_PASSWORD_CHARS} characters");
    }
    Ok(())
}

/// Adds an operator; returns its id.
pub fn add(
    db: &Db,
    email: &str,
    name: &str,
    password: &str,
    memory_kib: u32,
) -> anyhow::Result<i64> {
    let email = check_email(email)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        bail!("the name must have 1 to 80 characters");
    }
    check_password(password)?;
    let hash = hash_password(password, memory_kib)?;
    let now = SystemClock.now_ms();
    db.with(|c| {
        let exists: Option<i64> = c
            .query_row("SELECT id FROM operators WHERE email = ?1", [&email], |r| r.get(0))
            .optional()?;
        if exists.is_some() {
            bail!("an operator with the email {email} exists already");
        }
        c.execute(
            "INSERT INTO operators (email, name, password_hash, created_at_ms) VALUES (?1, ?2, ?3, ?4)",
            (&email, name, &hash, now),
        )?;
        Ok(c.last_insert_rowid())
    })
}

fn id_of(c: &rusqlite::Connection, email: &str) -> anyhow::Result<i64> {
    c.query_row("SELECT id FROM operators WHERE email = ?1", [email], |r| {
        r.get(0)
    })
    .optional()?
    .with_context(|| format!("no operator has the email {email}"))
}

/// Disables an operator and ends their sign-ins.
pub fn disable(db: &Db, email: &str) -> anyhow::Result<()> {
    let email = check_email(email)?;
    db.with(|c| {
        let id = id_of(c, &email)?;
        c.execute("UPDATE operators SET disabled = 1 WHERE id = ?1", [id])?;
        c.execute("DELETE FROM operator_sessions WHERE operator_id = ?1", [id])?;
        Ok(())
    })
}

/// Lets a disabled operator sign in again.
pub fn enable(db: &Db, email: &str) -> anyhow::Result<()> {
    let email = check_email(email)?;
    db.with(|c| {
        let id = id_of(c, &email)?;
        c.execute("UPDATE operators SET disabled = 0 WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// Sets a new password, ending existing sign-ins.
pub fn set_password(db: &Db, email: &str, password: &str, memory_kib: u32) -> anyhow::Result<()> {
    let email = check_email(email)?;
    check_password(password)?;
    let hash = hash_password(password, memory_kib)?;
    db.with(|c| {
        let id = id_of(c, &email)?;
        c.execute(
            "UPDATE operators SET password_hash = ?1 WHERE id = ?2",
            (&hash, id),
        )?;
        c.execute("DELETE FROM operator_sessions WHERE operator_id = ?1", [id])?;
        Ok(())
    })
}

/// When no operator exists yet, creates the demo operator and returns its
/// password (shown once; only its hash is kept).
pub fn ensure_demo(db: &Db, memory_kib: u32) -> anyhow::Result<Option<String>> {
    let count: i64 =
        db.with(|c| c.query_row("SELECT COUNT(*) FROM operators", [], |r| r.get(0)))?;
    if count > 0 {
        return Ok(None);
    }
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let password: String = (0..16)
        .map(|_| ALPHABET[OsRng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    add(db, DEMO_EMAIL, "Demo Operator", &password, memory_kib)?;
    Ok(Some(password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_disable_and_reset() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        let id = add(&db, " Ann@Example.com ", "Ann", "password1", 64).unwrap();
        assert!(id > 0);
        assert!(add(&db, "ann@example.com", "Ann", "password1", 64).is_err());
        assert!(add(&db, "bob", "Bob", "password1", 64).is_err());
        assert!(add(&db, "bob@example.com", "Bob", "short", 64).is_err());
        disable(&db, "ANN@example.com").unwrap();
        let disabled: i64 = db.with(|c| {
            c.query_row("SELECT disabled FROM operators WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap()
        });
        assert_eq!(disabled, 1);
        set_password(&db, "ann@example.com", "new password", 64).unwrap();
        enable(&db, "ann@example.com").unwrap();
        assert!(disable(&db, "nobody@example.com").is_err());
        assert_eq!(ensure_demo(&db, 64).unwrap(), None);
    }

    #[test]
    fn demo_operator_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        let pw = ensure_demo(&db, 64).unwrap().unwrap();
        assert_eq!(pw.len(), 16);
        assert_eq!(ensure_demo(&db, 64).unwrap(), None);
    }
}
