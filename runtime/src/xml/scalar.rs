//! Scalars in XML Schema's lexical forms: booleans as `true/false/1/0`, integers with
//! range checks, `INF`/`NaN` floats, exact decimals, ISO 8601 dates, XSD durations, dashed
//! Guids, base64, and .NET's `char` as its UTF-16 code. Generated enums join in through
//! [`Text`] and [`crate::xml_text_value!`].

use std::borrow::Cow;

use super::{Error, Field, Name, Reader, Writer};
use crate::value::{Bytes, Date, DateTime, Decimal, Guid, Time, TimeSpan};

/// A value written as one piece of text (an element's content or an attribute).
pub trait Text: Sized {
    fn from_text(text: &str) -> Result<Self, String>;
    fn to_text(&self) -> Cow<'_, str>;
}

/// Reads a [`Text`] value from where `reader` stands; used by [`crate::xml_text_value!`].
pub fn read_text<T: Text>(value: &mut T, reader: &mut Reader<'_>) -> Result<(), Error> {
    *value = parse_text(&reader.text()?)?;
    Ok(())
}

/// A [`Text`] value from its text; the error shows the start of the text.
fn parse_text<T: Text>(text: &str) -> Result<T, Error> {
    T::from_text(text).map_err(|reason| {
        let shown: String = text.chars().take(64).collect();
        Error::new(format!("invalid value `{shown}`: {reason}"))
    })
}

/// Writes a [`Text`] value; used by [`crate::xml_text_value!`].
pub fn write_text<T: Text>(
    value: &T,
    writer: &mut Writer,
    name: Name,
    field: &Field,
) -> Result<(), Error> {
    writer.text_value(name, field, &value.to_text())
}

/// Implements [`crate::xml::Value`] for a type that implements [`Text`].
#[macro_export]
macro_rules! xml_text_value {
    ($type:ty) => {
        impl $crate::xml::Value for $type {
            fn read_into(
                &mut self,
                reader: &mut $crate::xml::Reader<'_>,
                _: &[$crate::xml::Name],
            ) -> ::std::result::Result<(), $crate::xml::Error> {
                $crate::xml::read_text(self, reader)
            }

            fn write_value(
                &self,
                writer: &mut $crate::xml::Writer,
                name: $crate::xml::Name,
                field: &$crate::xml::Field,
                _: &[$crate::xml::Name],
            ) -> ::std::result::Result<(), $crate::xml::Error> {
                $crate::xml::write_text(self, writer, name, field)
            }
        }
    };
}

impl Text for String {
    fn from_text(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }

    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

/// For contracts that replace `xs:string` with it (`replace = { string = "..." }`): a
/// foreign type, which users could not give the runtime's traits themselves.
impl Text for Cow<'static, str> {
    fn from_text(text: &str) -> Result<Self, String> {
        Ok(Cow::Owned(text.to_owned()))
    }

    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl Text for crate::Secret {
    fn from_text(text: &str) -> Result<Self, String> {
        Ok(crate::Secret::new(text))
    }

    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.expose())
    }
}

impl Text for bool {
    fn from_text(text: &str) -> Result<Self, String> {
        match text.trim() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err("expected true, false, 1 or 0".to_owned()),
        }
    }

    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! integer_text {
    ($($type:ty),*) => {$(
        impl Text for $type {
            fn from_text(text: &str) -> Result<Self, String> {
                text.trim()
                    .parse()
                    .map_err(|_| format!("expected an integer from {} to {}", <$type>::MIN, <$type>::MAX))
            }

            fn to_text(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}

integer_text!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! float_text {
    ($($type:ty),*) => {$(
        impl Text for $type {
            fn from_text(text: &str) -> Result<Self, String> {
                match text.trim() {
                    "INF" => Ok(<$type>::INFINITY),
                    "-INF" => Ok(<$type>::NEG_INFINITY),
                    "NaN" => Ok(<$type>::NAN),
                    number => number.parse().map_err(|_| "expected a number".to_owned()),
                }
            }

            fn to_text(&self) -> Cow<'_, str> {
                Cow::Owned(if self.is_nan() {
                    "NaN".to_owned()
                } else if self.is_infinite() {
                    if *self > 0.0 { "INF" } else { "-INF" }.to_owned()
                } else {
                    self.to_string()
                })
            }
        }
    )*};
}

float_text!(f32, f64);

/// .NET `char` travels as its UTF-16 code (`ser:char` restricts `xs:int`).
impl Text for char {
    fn from_text(text: &str) -> Result<Self, String> {
        let code: u32 = text
            .trim()
            .parse()
            .map_err(|_| "expected a character code".to_owned())?;
        char::from_u32(code).ok_or_else(|| format!("{code} is not a character"))
    }

    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(u32::from(*self).to_string())
    }
}

/// Values whose `FromStr`/`Display` already are the XML Schema form.
macro_rules! display_text {
    ($($type:ty),*) => {$(
        impl Text for $type {
            fn from_text(text: &str) -> Result<Self, String> {
                text.trim().parse().map_err(|error| format!("{error}"))
            }

            fn to_text(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}

display_text!(Decimal, TimeSpan, Date, Time);

/// Always ISO 8601 in XML, whatever form a value read from JSON had.
impl Text for DateTime {
    fn from_text(text: &str) -> Result<Self, String> {
        text.trim().parse().map_err(|error| format!("{error}"))
    }

    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_iso8601())
    }
}

/// Dashed, as `Guid.ToString()` (`http://microsoft.com/wsdl/types/` and WCF's `ser:guid`).
impl Text for Guid {
    fn from_text(text: &str) -> Result<Self, String> {
        text.trim().parse().map_err(|error| format!("{error}"))
    }

    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.0.hyphenated().to_string())
    }
}

/// base64, which may be broken over lines in XML.
impl Text for Bytes {
    fn from_text(text: &str) -> Result<Self, String> {
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        compact.parse().map_err(|error| format!("{error}"))
    }

    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

crate::xml_text_value!(String);
crate::xml_text_value!(Cow<'static, str>);
crate::xml_text_value!(crate::Secret);
crate::xml_text_value!(bool);
crate::xml_text_value!(i8);
crate::xml_text_value!(i16);
crate::xml_text_value!(i32);
crate::xml_text_value!(i64);
crate::xml_text_value!(u8);
crate::xml_text_value!(u16);
crate::xml_text_value!(u32);
crate::xml_text_value!(u64);
crate::xml_text_value!(f32);
crate::xml_text_value!(f64);
crate::xml_text_value!(char);
crate::xml_text_value!(Decimal);
crate::xml_text_value!(TimeSpan);
crate::xml_text_value!(Date);
crate::xml_text_value!(Time);
crate::xml_text_value!(DateTime);
crate::xml_text_value!(Guid);
/// base64 text, or in MTOM messages an `xop:Include` of a binary part.
impl super::Value for Bytes {
    fn read_into(&mut self, reader: &mut Reader<'_>, _: &[Name]) -> Result<(), Error> {
        match reader.binary()? {
            super::read::Binary::Part(bytes) => {
                self.0 = bytes.to_vec();
                Ok(())
            }
            super::read::Binary::Text(text) => {
                *self = parse_text(&text)?;
                Ok(())
            }
        }
    }

    fn write_value(
        &self,
        writer: &mut Writer,
        name: Name,
        field: &Field,
        _: &[Name],
    ) -> Result<(), Error> {
        if writer.attach(name, field, &self.0)? {
            return Ok(());
        }
        write_text(self, writer, name, field)
    }
}
