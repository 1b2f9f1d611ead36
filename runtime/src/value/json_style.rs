//! Which JSON a .NET host reads: ServiceStack.Text's (dash-less Guids, `/Date(…)/`) or
//! System.Text.Json's (dashed Guids, ISO 8601 only), and whether it spells keys in
//! camelCase. Values whose form differs ask [`JsonStyle::current`] while they are written;
//! reading accepts every form whatever the style.
//!
//! The style is a thread-local set around one `serde_json` call ([`JsonStyle::write`]),
//! because serde gives a `Serialize` impl no other way to learn about its serializer, and
//! generated DTOs must stay plain `#[derive(Serialize)]` types.

use std::cell::Cell;

/// The serializer a host reads request bodies with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum JsonDialect {
    /// ServiceStack.Text, the default of every host before v8's endpoint routing: it
    /// reads every Guid and date form; the runtime writes Guids dash-less and new dates as
    /// `/Date(ms)/`, as ServiceStack.Text does.
    #[default]
    ServiceStackText,
    /// System.Text.Json, the default of v8 `/api` endpoints (`UseSystemJson`): Guids only
    /// with dashes, dates only as ISO 8601.
    SystemTextJson,
}

/// How values are written: the host's dialect and its key casing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct JsonStyle {
    pub dialect: JsonDialect,
    /// Keys the runtime spells itself (`KeyValuePair`'s `Key`/`Value`) in camelCase.
    pub camel_case: bool,
}

std::thread_local! {
    static CURRENT: Cell<JsonStyle> = const {
        Cell::new(JsonStyle { dialect: JsonDialect::ServiceStackText, camel_case: false })
    };
}

impl JsonStyle {
    /// ServiceStack.Text with PascalCase keys: what a value is written in outside
    /// [`JsonStyle::write`].
    pub const SERVICESTACK_TEXT: Self = Self {
        dialect: JsonDialect::ServiceStackText,
        camel_case: false,
    };

    /// The style values are being written in on this thread.
    pub fn current() -> Self {
        CURRENT.with(Cell::get)
    }

    /// Runs `write` (a `serde_json` call) with values written in this style, e.g.
    /// `style.write(|| serde_json::to_vec(&dto))`. The previous style comes back afterwards,
    /// even if `write` panics.
    pub fn write<T>(self, write: impl FnOnce() -> T) -> T {
        let _restore = Restore(CURRENT.with(|current| current.replace(self)));
        write()
    }
}

struct Restore(JsonStyle);

impl Drop for Restore {
    fn drop(&mut self) {
        CURRENT.with(|current| current.set(self.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_style_holds_inside_write_only() {
        let stj = JsonStyle {
            dialect: JsonDialect::SystemTextJson,
            camel_case: true,
        };
        assert_eq!(JsonStyle::current(), JsonStyle::SERVICESTACK_TEXT);
        let inner = stj.write(|| {
            let nested = JsonStyle::SERVICESTACK_TEXT.write(JsonStyle::current);
            (JsonStyle::current(), nested)
        });
        assert_eq!(inner, (stj, JsonStyle::SERVICESTACK_TEXT));
        assert_eq!(JsonStyle::current(), JsonStyle::SERVICESTACK_TEXT);
    }
}
