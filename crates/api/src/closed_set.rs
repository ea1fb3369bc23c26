//! The macro every closed set of the wire is declared with (`vocab.rs`): a table of variant and
//! wire name, from which the serde names, the list of values, the schema and the label come.

/// Declares a wire enum from a table of `Variant = "wire name"`, each with its doc comments.
macro_rules! closed_set {
    ($(#[doc = $doc:literal])* $name:ident { $($(#[doc = $vdoc:literal])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[doc = $vdoc])* #[serde(rename = $wire)] $variant,)+
            /// A value this build does not know (sent by a newer server).
            #[serde(other, rename = "unknown")]
            Unknown,
        }

        // Written out rather than derived: the derive does not see a `rename` made of a macro
        // fragment (it listed the Rust names), and the document lists only the values of the
        // set. `Unknown` is this build's reading of a newer server's value; no server sends it,
        // and the server refuses it in requests.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some(Self::ALL.iter().map(|v| v.wire_name())))
                    .description(Some(concat!($($doc, "\n"),*).trim()))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}

        impl $name {
            /// Every known value, in the table's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as it is written on the wire.
            pub fn wire_name(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown => "unknown",
                }
            }

            /// The known value with this wire name.
            pub fn from_wire(name: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.wire_name() == name)
            }

            /// For people: the wire name with spaces (`in_progress` → `in progress`).
            pub fn label(self) -> String {
                self.wire_name().replace('_', " ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.wire_name())
            }
        }
    };
}
