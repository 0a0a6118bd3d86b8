//! The serde side: the reader as a `Deserializer` for the model's shapes (structs, lists,
//! tuples, options, enums), the nesting limit, and the access types for their insides.

use super::strings::Text;
use super::{IMPLICIT_SOME_ATTRIBUTE, Reader, Rejected, Result, reject};
use serde::de::{self, DeserializeSeed, Visitor};

impl<'de> Reader<'de> {
    /// Attributes, the value, then nothing but whitespace and comments.
    pub(super) fn document<T: de::Deserialize<'de>>(&mut self) -> Result<T> {
        self.ws()?;
        while self.peek() == Some(b'#') {
            if !self.bytes[self.pos..].starts_with(IMPLICIT_SOME_ATTRIBUTE) {
                return reject(self, "an attribute other than implicit_some");
            }
            self.pos += IMPLICIT_SOME_ATTRIBUTE.len();
            self.ws()?;
        }
        let value = T::deserialize(&mut *self)?;
        self.ws()?;
        if self.pos != self.bytes.len() {
            return reject(self, "text after the value");
        }
        Ok(value)
    }

    /// Runs `f` one nesting level deeper, refusing when no level is left (as `ron` does).
    #[inline]
    fn guard<R>(&mut self, f: impl FnOnce(&mut Self) -> Result<R>) -> Result<R> {
        let Some(left) = self.left.checked_sub(1) else {
            return reject(self, "nested too deeply");
        };
        self.left = left;
        let out = f(self)?;
        self.left += 1;
        Ok(out)
    }

    /// `Name(` or `(` opening a struct called `name`.
    fn struct_open(&mut self, name: &str) -> Result<()> {
        if self.peek().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_') {
            if self.ident()? != name {
                return reject(self, "a different struct name");
            }
            self.ws()?;
        }
        self.expect(b'(')
    }

    /// The fields of a struct after its `(`, then the `)`.
    fn struct_body<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let value = self.guard(|r| {
            visitor.visit_map(Commas {
                r,
                close: b')',
                had_comma: true,
            })
        })?;
        self.ws()?;
        self.expect(b')')?;
        Ok(value)
    }

    /// The items of a list or tuple after its opening bracket, then `close`.
    fn items<V: Visitor<'de>>(&mut self, close: u8, visitor: V) -> Result<V::Value> {
        let value = self.guard(|r| {
            visitor.visit_seq(Commas {
                r,
                close,
                had_comma: true,
            })
        })?;
        self.ws()?;
        self.expect(close)?;
        Ok(value)
    }
}

/// The comma-separated inside of a struct, list or tuple.
struct Commas<'a, 'de> {
    r: &'a mut Reader<'de>,
    close: u8,
    had_comma: bool,
}

impl Commas<'_, '_> {
    /// Whether another element follows; two elements need a comma between them.
    fn has_element(&mut self) -> Result<bool> {
        self.r.ws()?;
        let at_close = self.r.peek() == Some(self.close);
        if !self.had_comma && !at_close {
            return reject(self.r, "a missing comma");
        }
        Ok(!at_close)
    }
}

impl<'de> de::SeqAccess<'de> for Commas<'_, 'de> {
    type Error = Rejected;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        let value = self.r.guard(|r| seed.deserialize(&mut *r))?;
        self.had_comma = self.r.comma()?;
        Ok(Some(value))
    }
}

impl<'de> de::MapAccess<'de> for Commas<'_, 'de> {
    type Error = Rejected;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        self.r.guard(|r| seed.deserialize(&mut *r)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.r.ws()?;
        self.r.expect(b':')?;
        self.r.ws()?;
        let value = self.r.guard(|r| seed.deserialize(&mut *r))?;
        self.had_comma = self.r.comma()?;
        Ok(value)
    }
}

/// An enum value: its variant name, then what the variant holds.
struct Variant<'a, 'de> {
    r: &'a mut Reader<'de>,
}

impl<'a, 'de> de::EnumAccess<'de> for Variant<'a, 'de> {
    type Error = Rejected;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        self.r.ws()?;
        let value = self.r.guard(|r| seed.deserialize(&mut *r))?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = Rejected;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.r.ws()?;
        self.r.expect(b'(')?;
        self.r.ws()?;
        let value = self.r.guard(|r| seed.deserialize(&mut *r))?;
        self.r.comma()?;
        self.r.expect(b')')?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.r.ws()?;
        self.r.expect(b'(')?;
        self.r.items(b')', visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.r.ws()?;
        self.r.expect(b'(')?;
        self.r.struct_body(visitor)
    }
}

/// Methods for types the model does not use: all refuse.
macro_rules! unsupported {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
                reject(self, concat!("not read here: ", stringify!($method)))
            }
        )*
    };
}

macro_rules! integers {
    ($($method:ident => $visit:ident,)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
                let n = self.integer()?;
                visitor.$visit(n)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Rejected;

    unsupported! {
        deserialize_ignored_any deserialize_f32 deserialize_f64
        deserialize_char deserialize_bytes deserialize_byte_buf deserialize_unit deserialize_map
    }

    integers! {
        deserialize_i8 => visit_i8,
        deserialize_i16 => visit_i16,
        deserialize_i32 => visit_i32,
        deserialize_i64 => visit_i64,
        deserialize_u8 => visit_u8,
        deserialize_u16 => visit_u16,
        deserialize_u32 => visit_u32,
        deserialize_u64 => visit_u64,
    }

    /// Only what the model reads by shape (a debrief: a string or a list), as `ron` does:
    /// a string (plain or raw) or a list; anything else is left to `ron`.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let rest = &self.bytes[self.pos..];
        if rest.starts_with(b"\"") || rest.starts_with(b"r\"") || rest.starts_with(b"r#") {
            self.deserialize_str(visitor)
        } else if rest.starts_with(b"[") {
            self.deserialize_seq(visitor)
        } else {
            reject(
                self,
                "not read here: deserialize_any of anything but a string or a list",
            )
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let b = self.bool()?;
        visitor.visit_bool(b)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Text::Borrowed(s) => visitor.visit_borrowed_str(s),
            Text::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.keyword("None")? {
            return visitor.visit_none();
        }
        if self.keyword("Some")? {
            self.ws()?;
            if !self.eat(b'(') {
                return reject(self, "`Some` without parentheses");
            }
            self.ws()?;
            let value = self.guard(|r| visitor.visit_some(&mut *r))?;
            self.comma()?;
            self.expect(b')')?;
            return Ok(value);
        }
        self.guard(|r| visitor.visit_some(&mut *r))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, _visitor: V) -> Result<V::Value> {
        reject(self, "not read here: a unit struct")
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value> {
        reject(self, "not read here: a newtype struct")
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        self.items(b']', visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        self.items(b')', visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value> {
        reject(self, "not read here: a tuple struct")
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // `ron` reads these standard-library structs with range syntax.
        if name.starts_with("Range") {
            return reject(self, "not read here: a range");
        }
        self.struct_open(name)?;
        self.struct_body(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.guard(|r| visitor.visit_enum(Variant { r }))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let name = self.ident()?;
        visitor.visit_borrowed_str(name)
    }
}
