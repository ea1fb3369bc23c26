//! A queue: every open exception, or those of one anomaly kind.

use crate::vocab::AnomalyKind;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A queue: every open exception, or those of one anomaly kind. On the wire `all` or the kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Queue {
    #[default]
    All,
    Kind(AnomalyKind),
}

impl Queue {
    pub fn wire_name(self) -> &'static str {
        match self {
            Queue::All => "all",
            Queue::Kind(kind) => kind.wire_name(),
        }
    }

    /// `all` or a known anomaly kind.
    pub fn from_wire(name: &str) -> Option<Queue> {
        match name {
            "all" => Some(Queue::All),
            _ => AnomalyKind::from_wire(name).map(Queue::Kind),
        }
    }

    pub fn label(self) -> String {
        self.wire_name().replace('_', " ")
    }
}

impl std::fmt::Display for Queue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.wire_name())
    }
}

impl Serialize for Queue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.wire_name())
    }
}

impl<'de> Deserialize<'de> for Queue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Queue, D::Error> {
        // A queue of a kind this build does not know reads as that unknown kind, not an error.
        let name = String::deserialize(deserializer)?;
        Ok(Queue::from_wire(&name).unwrap_or(Queue::Kind(AnomalyKind::Unknown)))
    }
}

impl utoipa::PartialSchema for Queue {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let names = std::iter::once("all").chain(AnomalyKind::ALL.iter().map(|k| k.wire_name()));
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(names))
            .description(Some("`all` or an anomaly kind"))
            .into()
    }
}

impl ToSchema for Queue {}
