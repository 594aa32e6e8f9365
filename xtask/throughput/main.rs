//! Written by `cargo xtask bench --specs throughput` into `target/bench/throughput/program/`
//! and run there, built with `--release`.
//!
//! It decodes and encodes one large JSON page of contacts through the types codegen generated
//! from `contacts.yaml` (`wire_struct!`) and through a mirror of them written with
//! `#[derive(Serialize, Deserialize)]`: the same fields of the same types, with the serde
//! attributes that give the same wire form. Both must give the same JSON (checked before
//! anything is timed); then each side is timed in turn, the order swapped every iteration,
//! and the medians are printed as `key=value` lines for the bench to read. Times are the CPU
//! time of this thread, so that other processes on the machine do not count. Encoding is timed
//! twice: into JSON text, and into a `serde_json::Value` (as `serde_json::to_value` does,
//! which the generated crate uses for tagged unions, and apps for mocks and logs).

use std::hint::black_box;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::{json, Map, Value};
use throughput_contacts::types::ContactPage;

/// Contacts in the page.
const CONTACTS: usize = 50_000;
/// Timed iterations of each of the four measures.
const ITERATIONS: usize = 15;

/// The generated types, written again with derives.
mod derived {
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeMap;
    use throughput_contacts::types::{CompanySize, ContactSource, ContactStatus};
    use throughput_contacts::Nullable;

    #[derive(Debug, Serialize, Deserialize)]
    pub struct ContactPage {
        pub items: Vec<Contact>,
        pub total: i64,
        #[serde(default)]
        pub next: Option<String>,
    }

    #[derive(Debug, Serialize, Deserialize)]
    pub struct Contact {
        pub id: String,
        #[serde(
            rename = "firstName",
            default,
            skip_serializing_if = "Nullable::is_absent"
        )]
        pub first_name: Nullable<String>,
        #[serde(
            rename = "lastName",
            default,
            skip_serializing_if = "Nullable::is_absent"
        )]
        pub last_name: Nullable<String>,
        #[serde(default)]
        pub email: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub phone: Option<String>,
        pub source: ContactSource,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<ContactStatus>,
        pub tags: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub address: Option<Address>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub company: Option<Company>,
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        pub score: Nullable<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub visits: Option<i32>,
        #[serde(rename = "isActive", default, skip_serializing_if = "Option::is_none")]
        pub is_active: Option<bool>,
        #[serde(
            rename = "customFields",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        pub custom_fields: Option<BTreeMap<String, String>>,
        #[serde(rename = "createdAt")]
        pub created_at: chrono::DateTime<chrono::Utc>,
        #[serde(rename = "updatedAt", default, skip_serializing_if = "Option::is_none")]
        pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
    }

    #[derive(Debug, Serialize, Deserialize)]
    pub struct Address {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        pub street: Nullable<String>,
        pub city: String,
        #[serde(rename = "zipCode", default, skip_serializing_if = "Option::is_none")]
        pub zip_code: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub country: Option<String>,
    }

    #[derive(Debug, Serialize, Deserialize)]
    pub struct Company {
        pub name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub domain: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub size: Option<CompanySize>,
    }
}

/// A small, fixed pseudo-random sequence (xorshift64*), so every run times the same page.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Jane", "John", "Zoë", "Amir", "Mei", "Olu", "Sofía", "Lukas", "Priya", "Noah",
];
const LAST: &[&str] = &[
    "Doe", "Smith", "O'Brien", "Nguyen", "Müller", "García", "Kowalski", "Okafor",
];
const TAGS: &[&str] = &["lead", "website", "vip", "newsletter", "trial", "partner"];
const CITIES: &[&str] = &["Lyon", "Austin", "Osaka", "Berlin", "Nairobi", "São Paulo"];
const SOURCES: &[&str] = &["MANUAL", "FACEBOOK", "CSV", "API", "CALL", "WEBHOOK"];

/// One contact, its fields in the order of the schema, each present, `null` or absent in
/// turn (absent is left to the defaults where the schema has one).
fn contact(random: &mut Random, n: usize) -> Value {
    let mut c = Map::new();
    c.insert(
        "id".into(),
        json!(format!("{:024x}", 0x6979_29d5_u64 * n as u64 + 17)),
    );
    let first = random.pick(FIRST);
    let last = random.pick(LAST);
    match random.below(10) {
        0 => {}
        1 => drop(c.insert("firstName".into(), Value::Null)),
        _ => drop(c.insert("firstName".into(), json!(first))),
    }
    if random.below(5) != 0 {
        c.insert("lastName".into(), json!(last));
    }
    let email = match random.below(8) {
        0 => Value::Null,
        _ => json!(format!(
            "{}.{}{n}@example.com",
            first.to_lowercase(),
            last.len()
        )),
    };
    c.insert("email".into(), email);
    if random.below(2) == 0 {
        c.insert(
            "phone".into(),
            json!(format!("+1555{:07}", random.below(10_000_000))),
        );
    }
    c.insert("source".into(), json!(random.pick(SOURCES)));
    match random.below(4) {
        0 => {}
        1 => drop(c.insert("status".into(), json!("archived"))),
        _ => drop(c.insert("status".into(), json!("active"))),
    }
    let tags: Vec<&str> = (0..random.below(4)).map(|_| random.pick(TAGS)).collect();
    c.insert("tags".into(), json!(tags));
    if random.below(3) != 0 {
        let mut a = Map::new();
        match random.below(3) {
            0 => {}
            1 => drop(a.insert("street".into(), Value::Null)),
            _ => drop(a.insert("street".into(), json!(format!("{} Main St.", n % 997)))),
        }
        a.insert("city".into(), json!(random.pick(CITIES)));
        if random.below(2) == 0 {
            a.insert(
                "zipCode".into(),
                json!(format!("{:05}", random.below(100_000))),
            );
        }
        if random.below(2) == 0 {
            a.insert("country".into(), json!("FR"));
        }
        c.insert("address".into(), Value::Object(a));
    }
    if random.below(2) == 0 {
        let mut company = Map::new();
        company.insert("name".into(), json!(format!("{last} & Co \"{}\"", n % 31)));
        if random.below(2) == 0 {
            company.insert("domain".into(), json!(format!("{}.example", last.len())));
        }
        if random.below(2) == 0 {
            let size = ["small", "medium", "large"][random.below(3) as usize];
            company.insert("size".into(), json!(size));
        }
        c.insert("company".into(), Value::Object(company));
    }
    match random.below(3) {
        0 => {}
        1 => drop(c.insert("score".into(), Value::Null)),
        _ => drop(c.insert("score".into(), json!(random.below(10_000) as f64 / 100.0))),
    }
    if random.below(2) == 0 {
        c.insert("visits".into(), json!(random.below(500)));
    }
    if random.below(2) == 0 {
        c.insert("isActive".into(), json!(random.below(4) != 0));
    }
    if random.below(4) == 0 {
        let mut fields = Map::new();
        fields.insert("referralSource".into(), json!("google"));
        if random.below(2) == 0 {
            fields.insert("plan".into(), json!("premium\tannual"));
        }
        c.insert("customFields".into(), Value::Object(fields));
    }
    let created = 1_699_334_716 + random.below(50_000_000) as i64;
    let at = |s: i64| chrono::DateTime::from_timestamp(s, 0).expect("in range");
    c.insert("createdAt".into(), json!(at(created)));
    if random.below(2) == 0 {
        let updated = at(created + random.below(1_000_000) as i64);
        c.insert("updatedAt".into(), json!(updated));
    }
    Value::Object(c)
}

fn page() -> String {
    let mut random = Random(0x5eed_2024_0601);
    let items: Vec<Value> = (0..CONTACTS).map(|n| contact(&mut random, n)).collect();
    let page = json!({"items": items, "total": CONTACTS, "next": "c2VlZA"});
    serde_json::to_string(&page).expect("a Value encodes")
}

/// Both sides decode the page and encode it back to the same bytes, and the generated types
/// decode what they encoded to the same values.
fn check(text: &str) -> Result<(), String> {
    let generated: ContactPage =
        serde_json::from_str(text).map_err(|e| format!("generated types: {e}"))?;
    let derived: derived::ContactPage =
        serde_json::from_str(text).map_err(|e| format!("derived types: {e}"))?;
    let ours = serde_json::to_string(&generated).map_err(|e| e.to_string())?;
    let theirs = serde_json::to_string(&derived).map_err(|e| e.to_string())?;
    if ours != theirs {
        let at = ours
            .bytes()
            .zip(theirs.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(ours.len().min(theirs.len()));
        let from = at.saturating_sub(80);
        return Err(format!(
            "the two encodings differ at byte {at}:\n  generated: ...{}\n  derived:   ...{}",
            ours.get(from..(at + 80).min(ours.len())).unwrap_or("?"),
            theirs.get(from..(at + 80).min(theirs.len())).unwrap_or("?"),
        ));
    }
    let ours = serde_json::to_value(&generated).map_err(|e| e.to_string())?;
    let theirs = serde_json::to_value(&derived).map_err(|e| e.to_string())?;
    if ours != theirs {
        return Err("the two encodings into a `serde_json::Value` differ".to_string());
    }
    let ours = serde_json::to_string(&generated).map_err(|e| e.to_string())?;
    let again: ContactPage = serde_json::from_str(&ours).map_err(|e| e.to_string())?;
    if again != generated {
        return Err("the generated types do not decode what they encoded".to_string());
    }
    if generated.items.len() != CONTACTS {
        return Err(format!("{} contacts decoded", generated.items.len()));
    }
    Ok(())
}

/// The CPU time this thread has used, where the platform says (Linux and other Unixes),
/// else the wall time.
struct Clock(Duration);

impl Clock {
    #[cfg(unix)]
    fn now() -> Clock {
        let mut time = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `time` is a valid `timespec` for the call to write.
        let done = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) };
        assert_eq!(done, 0, "the thread's CPU time is readable");
        Clock(Duration::new(time.tv_sec as u64, time.tv_nsec as u32))
    }

    #[cfg(not(unix))]
    fn now() -> Clock {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        Clock(START.get_or_init(std::time::Instant::now).elapsed())
    }

    fn elapsed(&self) -> Duration {
        Clock::now().0.saturating_sub(self.0)
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() -> ExitCode {
    let text = page();
    if let Err(why) = check(&text) {
        eprintln!("error: {why}");
        return ExitCode::from(1);
    }
    let generated: ContactPage = serde_json::from_str(&text).expect("checked");
    let derived: derived::ContactPage = serde_json::from_str(&text).expect("checked");
    let mut buffer = Vec::with_capacity(text.len() * 2);
    serde_json::to_writer(&mut buffer, &generated).expect("checked");
    let encoded = buffer.len();

    let [mut decode_ours, mut decode_theirs, mut encode_ours, mut encode_theirs, mut value_ours, mut value_theirs]: [Vec<Duration>; 6] = Default::default();
    for i in 0..ITERATIONS {
        // Each side goes first every other time, so neither always finds the caches warm.
        for ours in [i % 2 == 0, i % 2 != 0] {
            let start = Clock::now();
            if ours {
                let page: ContactPage = serde_json::from_str(black_box(&text)).expect("checked");
                decode_ours.push(start.elapsed());
                drop(black_box(page));
            } else {
                let page: derived::ContactPage =
                    serde_json::from_str(black_box(&text)).expect("checked");
                decode_theirs.push(start.elapsed());
                drop(black_box(page));
            }
        }
        for ours in [i % 2 == 0, i % 2 != 0] {
            buffer.clear();
            let start = Clock::now();
            if ours {
                serde_json::to_writer(&mut buffer, black_box(&generated)).expect("checked");
                encode_ours.push(start.elapsed());
            } else {
                serde_json::to_writer(&mut buffer, black_box(&derived)).expect("checked");
                encode_theirs.push(start.elapsed());
            }
            black_box(&buffer);
        }
        for ours in [i % 2 == 0, i % 2 != 0] {
            let start = Clock::now();
            if ours {
                let value = serde_json::to_value(black_box(&generated)).expect("checked");
                value_ours.push(start.elapsed());
                drop(black_box(value));
            } else {
                let value = serde_json::to_value(black_box(&derived)).expect("checked");
                value_theirs.push(start.elapsed());
                drop(black_box(value));
            }
        }
    }
    println!("contacts={CONTACTS}");
    println!("iterations={ITERATIONS}");
    println!("decoded_bytes={}", text.len());
    println!("encoded_bytes={encoded}");
    for (key, times) in [
        ("decode_generated_ns", decode_ours),
        ("decode_derive_ns", decode_theirs),
        ("encode_generated_ns", encode_ours),
        ("encode_derive_ns", encode_theirs),
        ("encode_value_generated_ns", value_ours),
        ("encode_value_derive_ns", value_theirs),
    ] {
        println!("{key}={}", median(times).as_nanos());
    }
    ExitCode::SUCCESS
}
