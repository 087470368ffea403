//! PHP values → JSON, for payloads and claims going out.
//!
//! Only what `json_encode` would write without surprises is accepted: null,
//! bool, int, finite float, UTF-8 string and arrays (a list when the keys are
//! `0..n-1`, else an object), nested. Objects and resources are refused with
//! the path to them, so a payload never silently becomes `{}`.
//!
//! The value is serialised straight from the PHP array, in PHP's key order
//! (as `json_encode` does); going through `serde_json::Value` would sort the
//! keys, since the workspace does not enable `preserve_order`.

use std::cell::RefCell;

use ext_php_rs::types::{ArrayKey, ZendHashTable, Zval};
use serde::ser::{self, Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::value::RawValue;

use crate::error::{Error, Result};

/// Deeper than `json_encode`'s default depth is refused (and stops recursion
/// through PHP references).
const MAX_DEPTH: usize = 512;

/// One step from the argument to a nested value, kept for error messages.
enum Step {
    Index(i64),
    Key(String),
}

/// State shared by the nodes of one serialisation: where we are, and the
/// first reason the value was refused.
struct Walk<'a> {
    argument: &'a str,
    steps: RefCell<Vec<Step>>,
    refused: RefCell<Option<Error>>,
}

impl Walk<'_> {
    fn path(&self) -> String {
        let mut out = self.argument.to_owned();
        for step in self.steps.borrow().iter() {
            match step {
                Step::Index(index) => out.push_str(&format!("[{index}]")),
                Step::Key(key) => {
                    out.push('.');
                    out.push_str(key);
                }
            }
        }
        out
    }

    /// Records why the value at the current path is refused and stops the
    /// serialiser (its own error text is never shown).
    fn refuse<E: ser::Error>(&self, reason: impl Into<String>) -> E {
        let error = Error::invalid_argument(self.path(), reason);
        self.refused.borrow_mut().get_or_insert(error);
        E::custom("PHP value refused")
    }

    fn nested<T>(&self, step: Step, body: impl FnOnce() -> T) -> T {
        self.steps.borrow_mut().push(step);
        let result = body();
        self.steps.borrow_mut().pop();
        result
    }
}

/// A PHP value (at some path of the argument) that serialises as JSON.
struct Node<'w, 'v> {
    walk: &'w Walk<'w>,
    value: &'v Zval,
}

impl Serialize for Node<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let value = self.value.dereference();
        if value.is_null() {
            serializer.serialize_unit()
        } else if let Some(flag) = value.bool() {
            serializer.serialize_bool(flag)
        } else if let Some(int) = value.long() {
            serializer.serialize_i64(int)
        } else if let Some(float) = value.double() {
            if float.is_finite() {
                serializer.serialize_f64(float)
            } else {
                Err(self.walk.refuse(format!(
                    "float {} has no JSON representation",
                    php_float_name(float)
                )))
            }
        } else if value.is_string() {
            match value.str() {
                Some(text) => serializer.serialize_str(text),
                None => Err(self.walk.refuse("string is not valid UTF-8")),
            }
        } else if let Some(array) = value.array() {
            ArrayNode {
                walk: self.walk,
                array,
            }
            .serialize(serializer)
        } else if let Some(object) = value.object() {
            let class = object
                .get_class_name()
                .unwrap_or_else(|_| "object".to_owned());
            Err(self.walk.refuse(format!(
                "objects are not accepted (got {class}); pass arrays and scalars"
            )))
        } else if value.is_resource() {
            Err(self.walk.refuse("resources are not accepted"))
        } else {
            Err(self
                .walk
                .refuse(format!("unsupported PHP type {:?}", value.get_type())))
        }
    }
}

/// A PHP array: a JSON list when keyed `0..n-1` (including empty), else an object.
struct ArrayNode<'w, 'v> {
    walk: &'w Walk<'w>,
    array: &'v ZendHashTable,
}

impl Serialize for ArrayNode<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        if self.walk.steps.borrow().len() >= MAX_DEPTH {
            return Err(self
                .walk
                .refuse(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        if self.array.has_sequential_keys() {
            let mut list = serializer.serialize_seq(Some(self.array.len()))?;
            for (index, item) in self.array.values().enumerate() {
                let step = Step::Index(i64::try_from(index).unwrap_or(i64::MAX));
                self.walk.nested(step, || {
                    list.serialize_element(&Node {
                        walk: self.walk,
                        value: item,
                    })
                })?;
            }
            return list.end();
        }
        let mut object = serializer.serialize_map(Some(self.array.len()))?;
        for (key, item) in self.array.iter() {
            let (name, step) = match key {
                ArrayKey::Long(index) => (index.to_string(), Step::Index(index)),
                other => match String::try_from(other) {
                    Ok(name) => (name.clone(), Step::Key(name)),
                    Err(_) => return Err(self.walk.refuse("array key is not valid UTF-8")),
                },
            };
            self.walk.nested(step, || {
                object.serialize_entry(
                    &name,
                    &Node {
                        walk: self.walk,
                        value: item,
                    },
                )
            })?;
        }
        object.end()
    }
}

/// How PHP prints the floats JSON cannot hold.
fn php_float_name(float: f64) -> &'static str {
    if float.is_nan() {
        "NAN"
    } else if float > 0.0 {
        "INF"
    } else {
        "-INF"
    }
}

impl<'a> Walk<'a> {
    fn new(argument: &'a str) -> Self {
        Self {
            argument,
            steps: RefCell::new(Vec::new()),
            refused: RefCell::new(None),
        }
    }

    /// Serialises `view`; a refused value becomes [`Error::InvalidArgument`] with its path.
    fn finish(&self, view: &impl Serialize) -> Result<Box<RawValue>> {
        serde_json::value::to_raw_value(view).map_err(|e| {
            self.refused.borrow_mut().take().unwrap_or_else(|| {
                Error::Internal(format!("encoding {} as JSON: {e}", self.argument))
            })
        })
    }
}

/// The JSON text of the PHP value of `argument`, keys in PHP's order.
pub fn encode(argument: &str, value: &Zval) -> Result<Box<RawValue>> {
    let walk = Walk::new(argument);
    walk.finish(&Node { walk: &walk, value })
}

/// The JSON text of the PHP array of `argument` (list or object, as above).
pub fn encode_array(argument: &str, array: &ZendHashTable) -> Result<Box<RawValue>> {
    let walk = Walk::new(argument);
    walk.finish(&ArrayNode { walk: &walk, array })
}
