//! Flat records of optional texts (PLR learning events, data challenges): one list of
//! (field, element) pairs gives the struct, its writer and its reader, in schema order.

macro_rules! text_record {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident = $tag:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        pub struct $name {
            $($(#[$fdoc])* pub $field: Option<String>,)+
        }

        impl $name {
            /// Writes every field, `nil` when not given, each element name after `prefix`.
            pub(crate) fn write_fields(&self, out: &mut $crate::xml::XmlOut, prefix: &str) {
                $(out.text_or_nil(&format!("{prefix}{}", $tag), self.$field.as_deref());)+
            }

            pub(crate) fn read_fields(e: &$crate::xml::Element) -> Self {
                Self { $($field: e.opt_text($tag),)+ }
            }
        }
    };
}

pub(crate) use text_record;
