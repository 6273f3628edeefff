//! Structs decoded from JSON objects only. serde's derived `Deserialize` of a struct asks for
//! `deserialize_struct`, which serde_json answers for an object and also for an array (the fields in
//! order), so each struct type carries a second decoder, for arrays, that no bundle file needs (the
//! build step writes objects). Through [`Object`] a struct is asked for as a map, and its decoder for
//! arrays is not compiled in: in the app, the search chunk's decoders of every search file, and of the
//! items and thesaurus rows and the fragments in a posting shard. A valid file decodes the same; a
//! struct written as an array is refused as malformed.

use serde::de::{Deserialize, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// The deserializer `D`, asked for a map where a struct is wanted.
pub struct Object<D>(pub D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Object<D> {
    type Error = D::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// A `T` decoded through [`Object`].
struct Seed<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Seed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::deserialize(Object(d))
    }
}

/// For `#[serde(deserialize_with = "crate::object::vec")]`: a list of structs, each an object.
pub fn vec<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    struct List<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for List<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element_seed(Seed(PhantomData))? {
                out.push(item);
            }
            Ok(out)
        }
    }
    d.deserialize_seq(List(PhantomData))
}

/// For `#[serde(deserialize_with = "crate::object::option")]`: a struct, an object, or `null`.
pub fn option<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    struct Maybe<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for Maybe<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("option")
        }
        fn visit_none<E>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            T::deserialize(Object(d)).map(Some)
        }
    }
    d.deserialize_option(Maybe(PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Row {
        a: u32,
        #[serde(default)]
        b: String,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct File {
        #[serde(deserialize_with = "vec")]
        rows: Vec<Row>,
        #[serde(default, deserialize_with = "option")]
        one: Option<Row>,
    }

    fn decode(json: &str) -> Result<File, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        let file = File::deserialize(Object(&mut de))?;
        de.end()?;
        Ok(file)
    }

    #[test]
    fn decodes_objects_as_derived_and_refuses_arrays() {
        let json = r#"{"rows":[{"a":1},{"b":"x","a":2}],"one":{"a":3}}"#;
        let derived: serde_json::Value = serde_json::from_str(json).unwrap();
        let file = decode(json).unwrap();
        assert_eq!(file.rows, [Row { a: 1, b: String::new() }, Row { a: 2, b: "x".into() }]);
        assert_eq!(file.one, Some(Row { a: 3, b: String::new() }));
        assert_eq!(derived["rows"].as_array().unwrap().len(), 2);
        assert_eq!(decode(r#"{"rows":[],"one":null}"#).unwrap().one, None);
        assert_eq!(decode(r#"{"rows":[]}"#).unwrap().one, None);
        // An array where a struct is wanted, which derived decoding would take: refused.
        assert!(decode(r#"{"rows":[[1,"x"]]}"#).is_err());
        assert!(decode(r#"[[{"a":1}]]"#).is_err());
        assert!(decode(r#"{"rows":[],"one":[1,"x"]}"#).is_err());
        assert!(decode(r#"{"rows":[]} x"#).is_err());
    }
}
