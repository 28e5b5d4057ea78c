//! The agent's conversation list as plain data: sections, unread counts and
//! what has been read (remembered in this browser).

use std::collections::HashMap;

use protocol::api::ConversationSummary;

/// The list's sections, in the order shown.
#[derive(Clone, Default, PartialEq, Debug)]
pub struct Sections {
    /// No agent yet, oldest first (first come, first served).
    pub new: Vec<ConversationSummary>,
    /// Mine and open, newest first.
    pub mine: Vec<ConversationSummary>,
    /// Other agents' open chats.
    pub others: Vec<ConversationSummary>,
    /// Closed today.
    pub closed: Vec<ConversationSummary>,
}

pub fn sections(all: &HashMap<String, ConversationSummary>, me: i64) -> Sections {
    let mut s = Sections::default();
    for c in all.values() {
        let target = if c.closed {
            &mut s.closed
        } else {
            match c.agent_id {
                None => &mut s.new,
                Some(id) if id == me => &mut s.mine,
                Some(_) => &mut s.others,
            }
        };
        target.push(c.clone());
    }
    s.new.sort_by_key(|c| (c.created_at_ms, c.id.clone()));
    for list in [&mut s.mine, &mut s.others, &mut s.closed] {
        list.sort_by_key(|c| std::cmp::Reverse((c.created_at_ms, c.id.clone())));
    }
    s
}

/// Messages after the last one read here.
pub fn unread(c: &ConversationSummary, read: &HashMap<String, i64>) -> i64 {
    (c.last_seq - read.get(&c.id).copied().unwrap_or(0)).max(0)
}

/// How many open conversations that concern this agent have unread messages
/// (for the tab title).
pub fn attention_count(
    all: &HashMap<String, ConversationSummary>,
    read: &HashMap<String, i64>,
    me: i64,
) -> usize {
    all.values()
        .filter(|c| !c.closed && c.agent_id.is_none_or(|id| id == me) && unread(c, read) > 0)
        .count()
}

const READ_KEY: &str = "ra.agent.read";

/// What was read, as saved in this browser: a flat JSON object of
/// conversation id to sequence number (read without serde: the ids hold no
/// quotes, commas or escapes). Anything else reads as nothing read.
pub fn parse_read(saved: Option<&str>) -> HashMap<String, i64> {
    let parse = |s: &str| -> Option<HashMap<String, i64>> {
        let body = s.trim().strip_prefix('{')?.strip_suffix('}')?.trim();
        if body.is_empty() {
            return Some(HashMap::new());
        }
        body.split(',')
            .map(|pair| {
                let (key, seq) = pair.split_once(':')?;
                let key = key.trim().strip_prefix('"')?.strip_suffix('"')?;
                if key.contains(['"', '\\']) {
                    return None;
                }
                Some((key.to_string(), seq.trim().parse().ok()?))
            })
            .collect()
    };
    saved.and_then(parse).unwrap_or_default()
}

pub fn load_read() -> HashMap<String, i64> {
    parse_read(crate::browser::load(READ_KEY).as_deref())
}

pub fn save_read(read: &HashMap<String, i64>) {
    let json = read
        .iter()
        .fold(crate::wire::Out::new(), |out, (id, seq)| out.int(id, *seq))
        .end();
    crate::browser::save(READ_KEY, &json);
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::DeviceInfo;

    fn conv(
        id: &str,
        agent: Option<i64>,
        closed: bool,
        created: i64,
        last_seq: i64,
    ) -> ConversationSummary {
        ConversationSummary {
            id: id.into(),
            customer_name: id.to_uppercase(),
            device: DeviceInfo::default(),
            agent_id: agent,
            agent_name: agent.map(|a| format!("agent{a}")),
            last_message: None,
            last_seq,
            closed,
            created_at_ms: created,
        }
    }

    #[test]
    fn sections_and_unread() {
        let all: HashMap<String, ConversationSummary> = [
            conv("n2", None, false, 20, 1),
            conv("n1", None, false, 10, 3),
            conv("m1", Some(7), false, 5, 4),
            conv("o1", Some(8), false, 6, 9),
            conv("x1", Some(7), true, 1, 2),
        ]
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
        let s = sections(&all, 7);
        let ids = |v: &[ConversationSummary]| v.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&s.new), ["n1", "n2"]);
        assert_eq!(ids(&s.mine), ["m1"]);
        assert_eq!(ids(&s.others), ["o1"]);
        assert_eq!(ids(&s.closed), ["x1"]);
        let read: HashMap<String, i64> = [("n1".to_string(), 3), ("m1".to_string(), 1)].into();
        assert_eq!(unread(&all["n1"], &read), 0);
        assert_eq!(unread(&all["m1"], &read), 3);
        // n2 and m1 are unread and concern agent 7; o1 is someone else's.
        assert_eq!(attention_count(&all, &read, 7), 2);
        assert_eq!(parse_read(Some("{\"a\":2}"))["a"], 2);
        assert!(parse_read(Some("junk")).is_empty());
        let read = parse_read(Some(r#"{ "c-1": 3, "c2":-1 }"#));
        assert_eq!((read["c-1"], read["c2"], read.len()), (3, -1, 2));
        assert!(parse_read(Some("{}")).is_empty());
        assert!(parse_read(Some(r#"{"a":"x"}"#)).is_empty());
        let mut saved = HashMap::new();
        saved.insert("c1".to_string(), 7);
        saved.insert("c2".to_string(), 9);
        let json = saved
            .iter()
            .fold(crate::wire::Out::new(), |out, (id, seq)| out.int(id, *seq))
            .end();
        assert_eq!(
            serde_json::from_str::<HashMap<String, i64>>(&json).unwrap(),
            saved
        );
        assert_eq!(parse_read(Some(&json)), saved);
    }
}
