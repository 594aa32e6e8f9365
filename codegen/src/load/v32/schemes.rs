//! 3.2's security schemes: `deprecated` kept for lowering, and what the OAuth device flow and
//! `oauth2MetadataUrl` tell the app (which gets the token itself) added to the description.

use super::{DEPRECATED, Upgrade};
use crate::pointer::Pointer;
use serde_json::Value;

impl Upgrade {
    pub(super) fn security_scheme(&mut self, scheme: &mut Value, pointer: &Pointer) {
        let Some(scheme) = scheme.as_object_mut() else {
            return;
        };
        if let Some(deprecated) = scheme.remove("deprecated") {
            scheme.insert(DEPRECATED.to_string(), deprecated);
            self.moved(vec![(pointer.join(DEPRECATED), pointer.join("deprecated"))]);
        }
        let mut notes = Vec::new();
        if let Some(Value::Object(flows)) = scheme.get_mut("flows")
            && let Some(device) = flows.remove("deviceAuthorization")
        {
            let url = |key: &str| device.get(key).and_then(Value::as_str);
            notes.push(match (url("deviceAuthorizationUrl"), url("tokenUrl")) {
                (Some(device), Some(token)) => format!(
                    "Its token comes from the OAuth 2.0 device authorization flow: the device asks at <{device}>, then gets the token at <{token}>."
                ),
                _ => "Its token comes from the OAuth 2.0 device authorization flow.".to_string(),
            });
        }
        if let Some(url) = scheme.remove("oauth2MetadataUrl") {
            match url {
                Value::String(url) => {
                    notes.push(format!("Its authorization server's metadata: <{url}>."));
                }
                _ => self.warn(
                    &pointer.join("oauth2MetadataUrl"),
                    "`oauth2MetadataUrl` is not a URL: it is not read".to_string(),
                    Some("write the URL of the server's metadata as a string"),
                ),
            }
        }
        if notes.is_empty() {
            return;
        }
        let notes = notes.join(" ");
        let description = match scheme.get("description") {
            Some(Value::String(description)) => format!("{description}\n\n{notes}"),
            _ => notes,
        };
        scheme.insert("description".to_string(), Value::String(description));
    }
}
