//! Security schemes that no request can use and none asks for: an API key that does not say
//! where it goes, an HTTP scheme without its `scheme`, ... Such a scheme, when neither the
//! document nor any operation requires it, is left out with a warning: the client sends
//! exactly what it would have sent. One that is required stays, and is an error where it is
//! checked, since no faithful client can send it.

use super::{METHODS, Repairs};
use crate::pointer::Pointer;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

impl Repairs {
    /// Leaves out the schemes of `schemes` (at `at`: `components/securitySchemes`, or 2.0's
    /// `securityDefinitions`) that cannot be used and are required nowhere in `root`.
    pub(super) fn unusable_schemes(&mut self, root: &mut Map<String, Value>, at: &[&str]) {
        let required = required_schemes(root);
        let mut node = Some(&mut *root);
        for key in at {
            node = node
                .and_then(|map| map.get_mut(*key))
                .and_then(Value::as_object_mut);
        }
        let Some(schemes) = node else {
            return;
        };
        let pointer = at.iter().fold(Pointer::root(), |p, key| p.join(*key));
        let unusable: Vec<(String, &'static str)> = schemes
            .iter()
            .filter(|(name, _)| !required.contains(name.as_str()))
            .filter_map(|(name, scheme)| Some((name.clone(), missing(scheme)?)))
            .collect();
        for (name, what) in unusable {
            schemes.remove(&name);
            self.warn(
                &pointer.join(&name),
                format!("security scheme `{name}` {what} and no operation requires it: left out"),
                "complete the scheme, or remove it",
            );
        }
    }
}

/// What a scheme lacks to be sent, when it lacks something; `None` for a usable one, and for
/// one that is not a mapping (which is reported as it stands).
fn missing(scheme: &Value) -> Option<&'static str> {
    let scheme = scheme.as_object()?;
    let has = |key: &str| scheme.get(key).is_some_and(|v| !v.is_null());
    match scheme.get("type").and_then(Value::as_str) {
        None => Some("has no `type`"),
        Some("apiKey") if !has("name") => Some("does not name its key (`name`)"),
        Some("apiKey") if !has("in") => Some("does not say where its key goes (`in`)"),
        Some("http") if !has("scheme") => Some("has no `scheme`"),
        Some("oauth2") if !has("flows") && !has("flow") => Some("has no flows"),
        Some("openIdConnect") if !has("openIdConnectUrl") => Some("has no `openIdConnectUrl`"),
        _ => None,
    }
}

/// The names of the schemes that the document or any operation requires.
fn required_schemes(root: &Map<String, Value>) -> BTreeSet<String> {
    let mut required = BTreeSet::new();
    let mut add = |security: Option<&Value>| {
        let requirements = security.and_then(Value::as_array).into_iter().flatten();
        for requirement in requirements.filter_map(Value::as_object) {
            required.extend(requirement.keys().cloned());
        }
    };
    add(root.get("security"));
    let items = root.get("paths").and_then(Value::as_object).into_iter();
    for item in items.flat_map(Map::values).filter_map(Value::as_object) {
        for method in METHODS {
            add(item
                .get(method)
                .and_then(|operation| operation.get("security")));
        }
        let others = item.get("additionalOperations").and_then(Value::as_object);
        for operation in others.into_iter().flat_map(Map::values) {
            add(operation.get("security"));
        }
    }
    required
}
