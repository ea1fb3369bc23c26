//! One table per closed set: an enum whose serde names, list of values and name lookups all come
//! from the same `Variant = "name"` lines, so no name is written twice.

/// Exported so the other crates declare their closed sets the same way (`uln_domain::named_enum!`).
/// Declares `pub enum $name` from `Variant = "name"` lines, with `ALL`, `$to(self) -> &str` and
/// `$from(&str) -> Option<Self>`. The caller gives the derives (Serialize and Deserialize at
/// least) and chooses the method names (`name`/`from_name`, or `code`/`from_code` for codes).
#[macro_export]
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident as ($to:ident, $from:ident) {
            $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $wire)] $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$($wire),+].len()] = [$($name::$variant),+];

            /// The value's name, as stored and sent.
            pub fn $to(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)+
                }
            }

            /// The value with this name.
            pub fn $from(name: &str) -> Option<$name> {
                Self::ALL.into_iter().find(|v| v.$to() == name)
            }
        }
    };
}
