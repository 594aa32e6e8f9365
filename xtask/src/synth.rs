//! A synthetic OpenAPI 3.0 document of realistic shape and chosen size, the same for a seed.
//!
//! The document looks like a large REST API: resources with list, create, get, update, delete
//! and action operations (path, query and header parameters, shared parameters and responses
//! by `$ref`, JSON request bodies, several responses each), and schemas of the shapes real
//! specs have: objects with required and optional fields of every scalar format, nullable
//! fields, arrays, maps, nested objects and `$ref`s (cycles included), string and integer
//! enums, `allOf` extensions, `oneOf` with a discriminator and without, arrays and aliases.

use heck::{ToKebabCase, ToLowerCamelCase, ToSnakeCase};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// How big a document to make.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    /// The number of operations (method and path).
    pub operations: usize,
    /// The number of schemas under `components/schemas`.
    pub schemas: usize,
}

/// The YAML text of a synthetic document; the same `seed` and `size` give the same bytes.
pub fn spec(seed: u64, size: Size) -> String {
    let mut rng = Rng(seed);
    let schemas = plan_schemas(&mut rng, size.schemas.max(2));
    let objects = (0..schemas.len())
        .filter(|&i| schemas[i].kind == Kind::Object)
        .collect();
    let mut doc = Doc {
        rng,
        schemas,
        objects,
        tags: BTreeSet::new(),
    };
    let paths = doc.paths(size.operations);
    let components = doc.components();
    let tags = doc
        .tags
        .iter()
        .map(|tag| {
            map([
                ("name", s(tag)),
                ("description", s(format!("Operations on {tag}."))),
            ])
        })
        .collect();
    let root = map([
        ("openapi", s("3.0.3")),
        (
            "info",
            map([
                ("title", s("Synthetic API")),
                ("version", s("1.0.0")),
                (
                    "description",
                    s("A generated document of realistic shape, for benchmarks."),
                ),
            ]),
        ),
        (
            "servers",
            Y::Seq(vec![map([("url", s("https://api.example.com/v1"))])]),
        ),
        (
            "security",
            Y::Seq(vec![map([("bearerAuth", Y::Seq(Vec::new()))])]),
        ),
        ("tags", Y::Seq(tags)),
        ("paths", paths),
        ("components", components),
    ]);
    let mut out = String::from("# Synthetic OpenAPI document written by `cargo xtask bench`.\n");
    let _ = writeln!(
        out,
        "# seed {seed}, {} operations, {} schemas",
        size.operations, size.schemas
    );
    let Y::Map(entries) = &root else {
        unreachable!("the root is a map")
    };
    write_entries(&mut out, entries, 0);
    out
}

/// SplitMix64: small, fast and good enough to shape test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `count` distinct indexes below `n`, in the order drawn.
    fn distinct(&mut self, n: usize, count: usize) -> Vec<usize> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        while out.len() < count.min(n) {
            let i = self.below(n);
            if seen.insert(i) {
                out.push(i);
            }
        }
        out
    }
}

const NOUNS: &[&str] = &[
    "Account",
    "Address",
    "Agent",
    "Alert",
    "Approval",
    "Asset",
    "Attachment",
    "Audit",
    "Balance",
    "Batch",
    "Billing",
    "Booking",
    "Budget",
    "Campaign",
    "Card",
    "Catalog",
    "Channel",
    "Charge",
    "Checkout",
    "Claim",
    "Comment",
    "Company",
    "Contact",
    "Contract",
    "Coupon",
    "Credit",
    "Customer",
    "Dashboard",
    "Deal",
    "Delivery",
    "Deployment",
    "Device",
    "Discount",
    "Dispute",
    "Document",
    "Domain",
    "Employee",
    "Event",
    "Export",
    "Feature",
    "Folder",
    "Invoice",
    "Issue",
    "Ledger",
    "License",
    "Listing",
    "Location",
    "Member",
    "Message",
    "Meter",
    "Order",
    "Payment",
    "Payout",
    "Plan",
    "Product",
    "Project",
    "Quote",
    "Refund",
    "Report",
    "Shipment",
];

/// The first qualifier is empty: the plain noun is a schema too.
const QUALIFIERS: &[&str] = &[
    "",
    "Summary",
    "Details",
    "Settings",
    "Status",
    "Item",
    "Line",
    "Note",
    "Link",
    "Rule",
    "Policy",
    "Template",
    "Snapshot",
    "History",
    "Metrics",
    "Usage",
    "Limit",
    "Schedule",
    "Window",
    "Filter",
    "Query",
    "Result",
    "Preview",
    "Draft",
    "Revision",
    "Owner",
    "Role",
    "Grant",
    "Token",
    "Session",
    "Webhook",
    "Notification",
    "Subscription",
    "Tier",
    "Price",
    "Tax",
    "Fee",
    "Adjustment",
    "Allocation",
    "Reservation",
    "Assignment",
    "Review",
    "Score",
    "Label",
    "Group",
    "Source",
    "Target",
    "Mapping",
    "Config",
    "Reference",
];

const PROPERTIES: &[&str] = &[
    "id",
    "name",
    "description",
    "created_at",
    "updated_at",
    "deleted_at",
    "status",
    "amount",
    "currency",
    "email",
    "phone",
    "url",
    "count",
    "total",
    "quantity",
    "unit_price",
    "tags",
    "metadata",
    "owner_id",
    "parent_id",
    "label",
    "title",
    "notes",
    "enabled",
    "active",
    "version",
    "priority",
    "score",
    "rating",
    "latitude",
    "longitude",
    "country",
    "city",
    "postal_code",
    "address_line1",
    "address_line2",
    "start_date",
    "end_date",
    "due_date",
    "expires_at",
    "archived",
    "external_id",
    "reference",
    "code",
    "type",
    "ref",
    "locale",
    "timezone",
    "display_name",
    "first_name",
    "last_name",
    "company_name",
    "website",
    "avatar_url",
    "color",
    "icon",
    "position",
    "weight",
    "height",
    "width",
    "depth",
    "duration_seconds",
    "retry_count",
    "max_attempts",
    "interval",
    "threshold",
    "percentage",
    "ratio",
    "balance",
    "limit_amount",
    "checksum",
    "signature",
    "payload",
    "content",
    "summary",
    "reason",
    "category",
    "source",
    "channel",
    "region",
    "zone",
    "environment",
    "is_default",
    "is_primary",
    "visible",
    "locked",
    "verified",
    "approved_at",
    "approved_by",
    "assigned_to",
    "requested_by",
    "last_seen_at",
    "sequence",
    "revision",
    "etag",
    "mime_type",
    "size_bytes",
    "filename",
    "language",
    "keywords",
    "attributes",
    "settings",
    "options",
    "links",
    "items",
    "entries",
    "children",
    "owner",
    "parent",
    "primary_contact",
    "billing_address",
    "shipping_address",
];

const ENUM_VALUES: &[&str] = &[
    "active",
    "inactive",
    "pending",
    "in_progress",
    "completed",
    "failed",
    "cancelled",
    "archived",
    "draft",
    "published",
    "approved",
    "rejected",
    "open",
    "closed",
    "on_hold",
    "expired",
    "PENDING_REVIEW",
    "manual",
    "automatic",
    "daily",
    "weekly",
    "monthly",
    "low",
    "medium",
    "high",
    "critical",
];

const ACTIONS: &[&str] = &[
    "archive", "restore", "approve", "reject", "cancel", "publish", "refresh", "verify",
];

/// What a component schema is; decided for all schemas first so that `$ref`s can point
/// anywhere, forward and back.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Error,
    Object,
    /// An object that is one variant of a tagged `oneOf`, with the tag property `kind`.
    Variant {
        tag: String,
    },
    StringEnum,
    IntEnum,
    /// `allOf` of an object (its index) and more properties.
    AllOf {
        base: usize,
    },
    /// `oneOf` of these variants, with a discriminator.
    Tagged {
        variants: Vec<usize>,
    },
    Untagged,
    Array,
    Map,
    Alias,
}

struct Schema {
    name: String,
    kind: Kind,
    /// Property names of objects, so that an `allOf` can add different ones.
    properties: Vec<String>,
    camel: bool,
}

fn plan_schemas(rng: &mut Rng, count: usize) -> Vec<Schema> {
    let mut names = vec!["ApiError".to_string()];
    let mut i = 0;
    while names.len() < count {
        let noun = NOUNS[i % NOUNS.len()];
        let qualifier = QUALIFIERS[(i / NOUNS.len()) % QUALIFIERS.len()];
        let round = i / (NOUNS.len() * QUALIFIERS.len());
        names.push(if round == 0 {
            format!("{noun}{qualifier}")
        } else {
            format!("{noun}{qualifier}V{}", round + 1)
        });
        i += 1;
    }
    let mut kinds: Vec<Option<Kind>> = vec![None; count];
    kinds[0] = Some(Kind::Error);
    let mut objects = Vec::new();
    for i in 1..count {
        if kinds[i].is_some() {
            continue;
        }
        let roll = rng.below(100);
        let kind = match roll {
            0..=51 => Kind::Object,
            52..=65 => Kind::StringEnum,
            66..=68 => Kind::IntEnum,
            69..=77 if !objects.is_empty() => Kind::AllOf {
                base: *rng.pick(&objects),
            },
            78..=84 => {
                let k = rng.between(2, 4);
                if i + k < count && (i + 1..=i + k).all(|j| kinds[j].is_none()) {
                    for j in i + 1..=i + k {
                        kinds[j] = Some(Kind::Variant {
                            tag: names[j].to_snake_case(),
                        });
                    }
                    Kind::Tagged {
                        variants: (i + 1..=i + k).collect(),
                    }
                } else {
                    Kind::Object
                }
            }
            85..=88 => Kind::Untagged,
            89..=92 => Kind::Array,
            93..=96 => Kind::Map,
            _ => Kind::Alias,
        };
        if kind == Kind::Object {
            objects.push(i);
        }
        kinds[i] = Some(kind);
    }
    let mut schemas: Vec<Schema> = names
        .into_iter()
        .zip(kinds)
        .map(|(name, kind)| Schema {
            name,
            kind: kind.unwrap_or(Kind::Object),
            properties: Vec::new(),
            camel: rng.percent(30),
        })
        .collect();
    // Property names are drawn up front so that an `allOf` knows its base's.
    for schema in &mut schemas {
        if matches!(schema.kind, Kind::Object | Kind::Variant { .. }) {
            let n = rng.between(3, 14);
            schema.properties = rng
                .distinct(PROPERTIES.len(), n)
                .into_iter()
                .map(|p| PROPERTIES[p].to_string())
                .filter(|p| p != "kind")
                .collect();
        }
    }
    schemas
}

struct Doc {
    rng: Rng,
    schemas: Vec<Schema>,
    /// The indexes of the plain object schemas: resources, bodies and `oneOf` choices.
    objects: Vec<usize>,
    tags: BTreeSet<String>,
}

impl Doc {
    fn components(&mut self) -> Y {
        let schemas: Vec<(String, Y)> = (0..self.schemas.len())
            .map(|i| (self.schemas[i].name.clone(), self.schema(i)))
            .collect();
        map([
            (
                "securitySchemes",
                map([(
                    "bearerAuth",
                    map([("type", s("http")), ("scheme", s("bearer"))]),
                )]),
            ),
            (
                "parameters",
                map([
                    (
                        "Limit",
                        map([
                            ("name", s("limit")),
                            ("in", s("query")),
                            ("description", s("How many items to return at most.")),
                            (
                                "schema",
                                map([
                                    ("type", s("integer")),
                                    ("format", s("int32")),
                                    ("minimum", Y::Int(1)),
                                    ("maximum", Y::Int(100)),
                                    ("default", Y::Int(20)),
                                ]),
                            ),
                        ]),
                    ),
                    (
                        "Cursor",
                        map([
                            ("name", s("cursor")),
                            ("in", s("query")),
                            ("description", s("Where the previous page ended.")),
                            ("schema", map([("type", s("string"))])),
                        ]),
                    ),
                    (
                        "RequestId",
                        map([
                            ("name", s("X-Request-Id")),
                            ("in", s("header")),
                            ("description", s("Echoed in logs, to trace a request.")),
                            (
                                "schema",
                                map([("type", s("string")), ("format", s("uuid"))]),
                            ),
                        ]),
                    ),
                ]),
            ),
            (
                "responses",
                map([(
                    "Error",
                    map([
                        ("description", s("The request failed.")),
                        ("content", json(reference("ApiError"))),
                    ]),
                )]),
            ),
            ("schemas", Y::Map(schemas)),
        ])
    }

    fn schema(&mut self, i: usize) -> Y {
        let name = self.schemas[i].name.clone();
        let doc = ("description", s(format!("{}.", words(&name))));
        match self.schemas[i].kind.clone() {
            Kind::Error => map([
                ("type", s("object")),
                doc,
                ("required", Y::Seq(vec![s("code"), s("message")])),
                (
                    "properties",
                    map([
                        ("code", map([("type", s("string"))])),
                        ("message", map([("type", s("string"))])),
                        (
                            "details",
                            map([
                                ("type", s("array")),
                                ("items", map([("type", s("string"))])),
                            ]),
                        ),
                        ("request_id", map([("type", s("string"))])),
                    ]),
                ),
            ]),
            Kind::Object => {
                let properties = self.schemas[i].properties.clone();
                let camel = self.schemas[i].camel;
                let mut object = self.object(i, &properties, camel, None);
                object.insert(1, (doc.0.to_string(), doc.1));
                Y::Map(object)
            }
            Kind::Variant { .. } => {
                let properties = self.schemas[i].properties.clone();
                let camel = self.schemas[i].camel;
                let mut object = self.object(i, &properties, camel, Some("kind"));
                object.insert(1, (doc.0.to_string(), doc.1));
                Y::Map(object)
            }
            Kind::StringEnum => {
                let n = self.rng.between(3, 7);
                let values = self
                    .rng
                    .distinct(ENUM_VALUES.len(), n)
                    .into_iter()
                    .map(|v| s(ENUM_VALUES[v]))
                    .collect();
                map([("type", s("string")), doc, ("enum", Y::Seq(values))])
            }
            Kind::IntEnum => {
                let n = self.rng.between(2, 5);
                let values = (0..n).map(|v| Y::Int(v as i64 * 10)).collect();
                map([
                    ("type", s("integer")),
                    ("format", s("int32")),
                    doc,
                    ("enum", Y::Seq(values)),
                ])
            }
            Kind::AllOf { base } => {
                let taken: BTreeSet<&str> = self.schemas[base]
                    .properties
                    .iter()
                    .map(String::as_str)
                    .collect();
                let n = self.rng.between(1, 6);
                let extra: Vec<String> = self
                    .rng
                    .distinct(PROPERTIES.len(), n + taken.len())
                    .into_iter()
                    .map(|p| PROPERTIES[p])
                    .filter(|p| !taken.contains(p) && *p != "kind")
                    .take(n)
                    .map(str::to_string)
                    .collect();
                let camel = self.schemas[base].camel;
                let extension = Y::Map(self.object(i, &extra, camel, None));
                let base_name = self.schemas[base].name.clone();
                map([
                    doc,
                    ("allOf", Y::Seq(vec![reference(&base_name), extension])),
                ])
            }
            Kind::Tagged { variants } => {
                let refs = variants
                    .iter()
                    .map(|&v| reference(&self.schemas[v].name))
                    .collect();
                let mapping = variants
                    .iter()
                    .map(|&v| {
                        let Kind::Variant { tag } = &self.schemas[v].kind else {
                            unreachable!("variants are planned with their tag")
                        };
                        (
                            tag.clone(),
                            s(format!("#/components/schemas/{}", self.schemas[v].name)),
                        )
                    })
                    .collect();
                map([
                    doc,
                    ("oneOf", Y::Seq(refs)),
                    (
                        "discriminator",
                        map([("propertyName", s("kind")), ("mapping", Y::Map(mapping))]),
                    ),
                ])
            }
            Kind::Untagged => {
                let choices = if self.rng.percent(50) {
                    vec![
                        map([("type", s("string"))]),
                        map([("type", s("integer")), ("format", s("int64"))]),
                    ]
                } else {
                    let a = self.any_object();
                    let b = self.any_object();
                    let mut choices = vec![reference(&self.schemas[a].name)];
                    if b != a {
                        choices.push(reference(&self.schemas[b].name));
                    }
                    choices.push(map([("type", s("string"))]));
                    choices
                };
                map([doc, ("oneOf", Y::Seq(choices))])
            }
            Kind::Array => {
                let target = self.ref_target(i);
                map([
                    ("type", s("array")),
                    doc,
                    ("items", reference(&self.schemas[target].name)),
                ])
            }
            Kind::Map => {
                let values = if self.rng.percent(50) {
                    map([("type", s("string"))])
                } else {
                    let target = self.ref_target(i);
                    reference(&self.schemas[target].name)
                };
                map([("type", s("object")), doc, ("additionalProperties", values)])
            }
            Kind::Alias => {
                let format = *self
                    .rng
                    .pick(&["uuid", "date-time", "date", "email", "uri"]);
                map([("type", s("string")), ("format", s(format)), doc])
            }
        }
    }

    /// A schema to `$ref` from schema `from`: any schema but the error, itself included
    /// now and then (a recursive type).
    fn ref_target(&mut self, from: usize) -> usize {
        if self.rng.percent(2) {
            from
        } else {
            1 + self.rng.below(self.schemas.len() - 1)
        }
    }

    /// The entries of an object schema: `type`, `required` and `properties`; `tag` is a
    /// required string property added first (the discriminator of a `oneOf`).
    fn object(
        &mut self,
        i: usize,
        names: &[String],
        camel: bool,
        tag: Option<&str>,
    ) -> Vec<(String, Y)> {
        let mut required = Vec::new();
        let mut properties = Vec::new();
        if let Some(tag) = tag {
            required.push(s(tag));
            properties.push((tag.to_string(), map([("type", s("string"))])));
        }
        for name in names {
            let wire = if camel {
                name.to_lower_camel_case()
            } else {
                name.clone()
            };
            if self.rng.percent(40) {
                required.push(s(&wire));
            }
            let schema = self.property(i, name);
            properties.push((wire, schema));
        }
        let mut entries = vec![("type".to_string(), s("object"))];
        if !required.is_empty() {
            entries.push(("required".to_string(), Y::Seq(required)));
        }
        entries.push(("properties".to_string(), Y::Map(properties)));
        entries
    }

    fn property(&mut self, from: usize, name: &str) -> Y {
        let mut roll = self.rng.below(100);
        // Inline objects only under names of two words: progenitor 0.15 names an inline
        // object parent + property (`Company` + `owner`) without checking that no schema
        // has that name (`CompanyOwner`, here), and its crate would not compile.
        if (96..=97).contains(&roll) && !name.contains('_') {
            roll = 0;
        }
        let mut schema = match roll {
            0..=24 => {
                let mut entries = vec![("type".to_string(), s("string"))];
                if self.rng.percent(20) {
                    entries.push(("maxLength".to_string(), Y::Int(255)));
                }
                Y::Map(entries)
            }
            25..=32 => string_format("date-time"),
            33..=36 => string_format("date"),
            37..=42 => string_format("uuid"),
            43..=45 => string_format("email"),
            46..=48 => string_format("uri"),
            49..=50 => string_format("byte"),
            51..=58 => {
                let mut entries = vec![
                    ("type".to_string(), s("integer")),
                    ("format".to_string(), s("int32")),
                ];
                if self.rng.percent(30) {
                    entries.push(("minimum".to_string(), Y::Int(0)));
                }
                Y::Map(entries)
            }
            59..=64 => map([("type", s("integer")), ("format", s("int64"))]),
            65..=66 => map([("type", s("number")), ("format", s("float"))]),
            67..=70 => map([("type", s("number")), ("format", s("double"))]),
            71..=78 => {
                if self.rng.percent(20) {
                    map([("type", s("boolean")), ("default", Y::Bool(false))])
                } else {
                    map([("type", s("boolean"))])
                }
            }
            79..=82 => map([
                ("type", s("array")),
                ("items", map([("type", s("string"))])),
            ]),
            83..=87 => {
                let target = self.ref_target(from);
                map([
                    ("type", s("array")),
                    ("items", reference(&self.schemas[target].name)),
                ])
            }
            88..=95 => {
                let target = self.ref_target(from);
                return reference(&self.schemas[target].name);
            }
            96..=97 => {
                let n = self.rng.between(2, 4);
                let inner: Vec<String> = self
                    .rng
                    .distinct(PROPERTIES.len(), n)
                    .into_iter()
                    .map(|p| PROPERTIES[p].to_string())
                    .filter(|p| p != "kind")
                    .collect();
                // Only scalars inside, so that nesting stays one level deep.
                let mut properties = Vec::new();
                let mut required = Vec::new();
                for p in inner {
                    if self.rng.percent(50) {
                        required.push(s(&p));
                    }
                    let ty = *self.rng.pick(&["string", "integer", "boolean", "number"]);
                    properties.push((p, map([("type", s(ty))])));
                }
                let mut entries = vec![("type".to_string(), s("object"))];
                if !required.is_empty() {
                    entries.push(("required".to_string(), Y::Seq(required)));
                }
                entries.push(("properties".to_string(), Y::Map(properties)));
                Y::Map(entries)
            }
            98 => map([
                ("type", s("object")),
                ("additionalProperties", map([("type", s("string"))])),
            ]),
            _ => map([("type", s("object"))]),
        };
        let Y::Map(entries) = &mut schema else {
            return schema;
        };
        if self.rng.percent(10) {
            entries.push(("nullable".to_string(), Y::Bool(true)));
        }
        if self.rng.percent(35) {
            entries.push((
                "description".to_string(),
                s(format!("The {}.", words(name))),
            ));
        }
        schema
    }

    /// `paths`, with exactly `count` operations.
    fn paths(&mut self, count: usize) -> Y {
        let objects = self.objects.clone();
        let mut paths: Vec<(String, Y)> = Vec::new();
        let mut segments = BTreeSet::new();
        let mut made = 0;
        let mut r = 0;
        while made < count {
            let schema = objects[r % objects.len()];
            let name = if r < objects.len() {
                self.schemas[schema].name.clone()
            } else {
                format!("{}V{}", self.schemas[schema].name, r / objects.len() + 1)
            };
            r += 1;
            let mut segment = plural(&name.to_kebab_case());
            if !segments.insert(segment.clone()) {
                segment = format!("{segment}-{r}");
                segments.insert(segment.clone());
            }
            let tag = NOUNS
                .iter()
                .find(|n| name.starts_with(**n))
                .unwrap_or(&"misc")
                .to_kebab_case();
            self.tags.insert(tag.clone());
            let nested = r > 1 && self.rng.percent(20);
            let prefix = if nested {
                let parent = paths
                    .iter()
                    .rev()
                    .find(|(p, _)| p.matches('{').count() == 0)
                    .map(|(p, _)| p.clone())
                    .unwrap_or_else(|| "/v1/groups".to_string());
                format!("{parent}/{{parentId}}")
            } else {
                "/v1".to_string()
            };
            let parent_param = nested.then(|| {
                map([
                    ("name", s("parentId")),
                    ("in", s("path")),
                    ("required", Y::Bool(true)),
                    ("schema", map([("type", s("string"))])),
                ])
            });
            let ops = match self.rng.below(10) {
                0..=5 => vec!["list", "create", "get", "update", "delete"],
                6..=7 => vec!["list", "get"],
                _ => vec!["list", "create", "get", "update", "delete", "action"],
            };
            let ops: Vec<&str> = ops.into_iter().take(count - made).collect();
            made += ops.len();
            let id_schema = match self.rng.below(20) {
                0..=11 => map([("type", s("string"))]),
                12..=16 => string_format("uuid"),
                _ => map([("type", s("integer")), ("format", s("int64"))]),
            };
            let id_param = map([
                ("name", s("id")),
                ("in", s("path")),
                ("required", Y::Bool(true)),
                (
                    "description",
                    s(format!("The {}'s identifier.", words(&name))),
                ),
                ("schema", id_schema),
            ]);
            let collection = format!("{prefix}/{segment}");
            let item = format!("{collection}/{{id}}");
            let mut on_collection = Vec::new();
            let mut on_item = Vec::new();
            let mut on_action = None;
            let resource = self.schemas[schema].name.clone();
            for op in ops {
                let mut params: Vec<Y> = parent_param.iter().cloned().collect();
                if matches!(op, "get" | "update" | "delete" | "action") {
                    params.push(id_param.clone());
                }
                let operation = self.operation(op, &name, &resource, &tag, params);
                match op {
                    "list" => on_collection.push(("get".to_string(), operation)),
                    "create" => on_collection.push(("post".to_string(), operation)),
                    "get" => on_item.push(("get".to_string(), operation)),
                    "update" => on_item.push(("patch".to_string(), operation)),
                    "delete" => on_item.push(("delete".to_string(), operation)),
                    _ => on_action = Some(operation),
                }
            }
            paths.push((collection, Y::Map(on_collection)));
            if !on_item.is_empty() {
                paths.push((item.clone(), Y::Map(on_item)));
            }
            if let Some(operation) = on_action {
                let verb = self.action_verb(&name);
                paths.push((format!("{item}/actions/{verb}"), map([("post", operation)])));
            }
        }
        Y::Map(paths)
    }

    fn action_verb(&self, name: &str) -> &'static str {
        ACTIONS[name.len() % ACTIONS.len()]
    }

    fn operation(&mut self, op: &str, name: &str, resource: &str, tag: &str, params: Vec<Y>) -> Y {
        let human = words(name);
        let a = if human.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        let (id, summary) = match op {
            "list" => (
                format!("list{}", plural(name)),
                format!("List {}", plural(&human)),
            ),
            "create" => (format!("create{name}"), format!("Create {a} {human}")),
            "get" => (format!("get{name}"), format!("Get {a} {human}")),
            "update" => (format!("update{name}"), format!("Update {a} {human}")),
            "delete" => (format!("delete{name}"), format!("Delete {a} {human}")),
            _ => {
                let verb = self.action_verb(name);
                (
                    format!("{verb}{name}"),
                    format!("{} {a} {human}", upper_first(verb)),
                )
            }
        };
        let mut params = params;
        if self.rng.percent(50) {
            params.push(component_ref("parameters", "RequestId"));
        }
        let error = || component_ref("responses", "Error");
        let mut responses: Vec<(String, Y)> = Vec::new();
        let mut body = None;
        match op {
            "list" => {
                params.push(component_ref("parameters", "Limit"));
                params.push(component_ref("parameters", "Cursor"));
                let filters = self.rng.between(0, 3);
                for filter in self.rng.distinct(5, filters) {
                    params.push(self.filter(filter));
                }
                let page = map([
                    ("type", s("object")),
                    ("required", Y::Seq(vec![s("data"), s("has_more")])),
                    (
                        "properties",
                        map([
                            (
                                "data",
                                map([("type", s("array")), ("items", reference(resource))]),
                            ),
                            ("has_more", map([("type", s("boolean"))])),
                            (
                                "next_cursor",
                                map([("type", s("string")), ("nullable", Y::Bool(true))]),
                            ),
                        ]),
                    ),
                ]);
                responses.push(("200".into(), ok("A page of results.", page)));
            }
            "create" => {
                params.push(map([
                    ("name", s("Idempotency-Key")),
                    ("in", s("header")),
                    (
                        "description",
                        s("Makes a retried request safe: the server applies it once."),
                    ),
                    (
                        "schema",
                        map([("type", s("string")), ("maxLength", Y::Int(64))]),
                    ),
                ]));
                body = Some(self.request_body());
                responses.push(("201".into(), ok("Created.", reference(resource))));
                responses.push(("400".into(), error()));
                responses.push(("409".into(), error()));
            }
            "get" => {
                responses.push(("200".into(), ok("Found.", reference(resource))));
                responses.push(("404".into(), error()));
            }
            "update" => {
                body = Some(self.request_body());
                responses.push(("200".into(), ok("Updated.", reference(resource))));
                responses.push(("400".into(), error()));
                responses.push(("404".into(), error()));
            }
            "delete" => {
                responses.push(("204".into(), map([("description", s("Deleted."))])));
                responses.push(("404".into(), error()));
            }
            _ => {
                let target = self.any_object();
                let result = reference(&self.schemas[target].name);
                responses.push(("202".into(), ok("Accepted.", result)));
                responses.push(("404".into(), error()));
            }
        }
        // Status ranges rather than `default` for the rest, as Dropshot writes them: with a
        // `default`, progenitor 0.15 cannot generate a method whose success has a body.
        responses.push(("4XX".into(), error()));
        responses.push(("5XX".into(), error()));
        let mut entries = vec![
            ("operationId".to_string(), s(id)),
            ("summary".to_string(), s(summary)),
            ("tags".to_string(), Y::Seq(vec![s(tag)])),
        ];
        if self.rng.percent(40) {
            entries.push((
                "description".to_string(),
                s(format!(
                    "Works on the {human} named in the path. Fails with 404 when there is none."
                )),
            ));
        }
        if !params.is_empty() {
            entries.push(("parameters".to_string(), Y::Seq(params)));
        }
        if let Some(body) = body {
            entries.push(("requestBody".to_string(), body));
        }
        entries.push(("responses".to_string(), Y::Map(responses)));
        Y::Map(entries)
    }

    fn any_object(&mut self) -> usize {
        self.objects[self.rng.below(self.objects.len())]
    }

    fn request_body(&mut self) -> Y {
        let schema = if self.rng.percent(70) {
            let target = self.any_object();
            reference(&self.schemas[target].name)
        } else {
            let n = self.rng.between(1, 6);
            let names: Vec<String> = self
                .rng
                .distinct(PROPERTIES.len(), n)
                .into_iter()
                .map(|p| PROPERTIES[p].to_string())
                .collect();
            Y::Map(self.object(0, &names, false, None))
        };
        map([("required", Y::Bool(true)), ("content", json(schema))])
    }

    /// One of the filters a list operation takes in its query.
    fn filter(&mut self, which: usize) -> Y {
        let (name, schema) = match which {
            0 => (
                "status",
                map([
                    ("type", s("string")),
                    (
                        "enum",
                        Y::Seq(vec![s("active"), s("inactive"), s("archived")]),
                    ),
                ]),
            ),
            1 => ("created_after", string_format("date-time")),
            2 => (
                "include_deleted",
                map([("type", s("boolean")), ("default", Y::Bool(false))]),
            ),
            3 => (
                "sort",
                map([
                    ("type", s("string")),
                    ("enum", Y::Seq(vec![s("asc"), s("desc")])),
                ]),
            ),
            _ => ("q", map([("type", s("string"))])),
        };
        map([
            ("name", s(name)),
            ("in", s("query")),
            (
                "description",
                s(format!("Only results by {}.", words(name))),
            ),
            ("schema", schema),
        ])
    }
}

/// A node of the YAML document: only what OpenAPI needs.
#[derive(Debug, Clone)]
enum Y {
    Str(String),
    Int(i64),
    Bool(bool),
    Seq(Vec<Y>),
    Map(Vec<(String, Y)>),
}

fn s(text: impl AsRef<str>) -> Y {
    Y::Str(text.as_ref().to_string())
}

fn map<const N: usize>(entries: [(&str, Y); N]) -> Y {
    Y::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn reference(schema: &str) -> Y {
    component_ref("schemas", schema)
}

fn component_ref(section: &str, name: &str) -> Y {
    map([("$ref", s(format!("#/components/{section}/{name}")))])
}

fn string_format(format: &str) -> Y {
    map([("type", s("string")), ("format", s(format))])
}

fn json(schema: Y) -> Y {
    map([("application/json", map([("schema", schema)]))])
}

fn ok(description: &str, schema: Y) -> Y {
    map([("description", s(description)), ("content", json(schema))])
}

fn write_entries(out: &mut String, entries: &[(String, Y)], indent: usize) {
    for (key, value) in entries {
        out.push_str(&" ".repeat(indent));
        write_key(out, key);
        out.push(':');
        write_after(out, value, indent);
    }
}

/// Writes a value that follows `key:` or `- ` on the current line.
fn write_after(out: &mut String, value: &Y, indent: usize) {
    match value {
        Y::Map(entries) if !entries.is_empty() => {
            out.push('\n');
            write_entries(out, entries, indent + 2);
        }
        Y::Seq(items) if !items.is_empty() => {
            out.push('\n');
            write_items(out, items, indent + 2);
        }
        scalar => {
            out.push(' ');
            write_scalar(out, scalar);
            out.push('\n');
        }
    }
}

fn write_items(out: &mut String, items: &[Y], indent: usize) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match item {
            Y::Map(entries) if !entries.is_empty() => {
                // The first entry goes on the dash's line, the others under it.
                let mut block = String::new();
                write_entries(&mut block, entries, indent + 2);
                out.push(' ');
                out.push_str(&block[indent + 2..]);
            }
            other => write_after(out, other, indent),
        }
    }
}

fn write_scalar(out: &mut String, value: &Y) {
    match value {
        Y::Str(text) => quote(out, text),
        Y::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Y::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Y::Map(_) => out.push_str("{}"),
        Y::Seq(_) => out.push_str("[]"),
    }
}

fn write_key(out: &mut String, key: &str) {
    let plain = key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        out.push_str(key);
    } else {
        quote(out, key);
    }
}

/// A double-quoted YAML scalar, whose escapes are JSON's.
fn quote(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A name in lower-case words, for prose: `AccountSummary` → `account summary`;
/// `created_at` → `created at`.
fn words(name: &str) -> String {
    name.to_snake_case().replace('_', " ")
}

fn upper_first(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn plural(word: &str) -> String {
    if word.ends_with("ss") || word.ends_with("us") || word.ends_with('x') || word.ends_with("ch") {
        format!("{word}es")
    } else if word.ends_with('s') {
        // Settings, details, metrics: already plural.
        word.to_string()
    } else if let Some(stem) = word.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'o', 'u'])
    {
        format!("{stem}ies")
    } else {
        format!("{word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: Size = Size {
        operations: 60,
        schemas: 90,
    };

    #[test]
    fn same_seed_same_text() {
        assert_eq!(spec(7, SMALL), spec(7, SMALL));
        assert_ne!(spec(7, SMALL), spec(8, SMALL));
    }

    #[test]
    fn counts_are_exact_and_the_spec_generates() {
        let text = spec(42, SMALL);
        let document = codegen::load::parse(&text, "synthetic.yaml").expect("parses");
        assert_eq!(document.operations().count(), SMALL.operations);
        let schemas = document.components.as_ref().map_or(0, |c| c.schemas.len());
        assert_eq!(schemas, SMALL.schemas);
        codegen::generate_from(&document, "synthetic.yaml", Some("synthetic")).expect("generates");
    }

    #[test]
    fn yaml_scalars_and_blocks() {
        let mut out = String::new();
        let doc = map([
            ("a", s("x\"y")),
            (
                "/p/{id}",
                Y::Seq(vec![map([("k", Y::Int(1)), ("l", Y::Bool(true))])]),
            ),
            ("e", Y::Seq(Vec::new())),
        ]);
        let Y::Map(entries) = &doc else {
            unreachable!()
        };
        write_entries(&mut out, entries, 0);
        assert_eq!(
            out,
            "a: \"x\\\"y\"\n\"/p/{id}\":\n  - k: 1\n    l: true\ne: []\n"
        );
    }

    #[test]
    fn english_plurals() {
        assert_eq!(plural("policy"), "policies");
        assert_eq!(plural("status"), "statuses");
        assert_eq!(plural("settings"), "settings");
        assert_eq!(plural("key"), "keys");
        assert_eq!(plural("item"), "items");
    }
}
