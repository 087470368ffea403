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

use std::cell::{Cell, RefCell};

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

/// The state of one encoding. The path to a value is only needed when the
/// value is refused, so it is not tracked on the way down (that cost two
/// allocations per key of every payload): the refused value records its
/// reason and each enclosing array adds its step while the error unwinds.
struct Walk<'a> {
    argument: &'a str,
    depth: Cell<usize>,
    refused: RefCell<Option<Refusal>>,
}

struct Refusal {
    reason: String,
    /// Innermost first.
    steps: Vec<Step>,
}

impl Walk<'_> {
    fn refuse<E: ser::Error>(&self, reason: impl Into<String>) -> E {
        self.refused.borrow_mut().get_or_insert(Refusal {
            reason: reason.into(),
            steps: Vec::new(),
        });
        E::custom("PHP value refused")
    }

    /// Runs `body` one level deeper; when it fails on a refused value, `step`
    /// is added to that value's path.
    fn nested<T, E>(
        &self,
        step: impl FnOnce() -> Step,
        body: impl FnOnce() -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.depth.set(self.depth.get() + 1);
        let result = body();
        self.depth.set(self.depth.get() - 1);
        if result.is_err() {
            if let Some(refusal) = self.refused.borrow_mut().as_mut() {
                refusal.steps.push(step());
            }
        }
        result
    }

    /// The refusal as an error naming the path to the refused value.
    fn refusal(&self) -> Option<Error> {
        let refusal = self.refused.borrow_mut().take()?;
        let mut path = self.argument.to_owned();
        for step in refusal.steps.iter().rev() {
            match step {
                Step::Index(index) => path.push_str(&format!("[{index}]")),
                Step::Key(key) => {
                    path.push('.');
                    path.push_str(key);
                }
            }
        }
        Some(Error::invalid_argument(path, refusal.reason))
    }
}

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
        if self.walk.depth.get() >= MAX_DEPTH {
            return Err(self
                .walk
                .refuse(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        if self.array.has_sequential_keys() {
            let mut list = serializer.serialize_seq(Some(self.array.len()))?;
            for (index, item) in self.array.values().enumerate() {
                self.walk.nested(
                    || Step::Index(i64::try_from(index).unwrap_or(i64::MAX)),
                    || {
                        list.serialize_element(&Node {
                            walk: self.walk,
                            value: item,
                        })
                    },
                )?;
            }
            return list.end();
        }
        let mut object = serializer.serialize_map(Some(self.array.len()))?;
        for (key, item) in self.array.iter() {
            let node = Node {
                walk: self.walk,
                value: item,
            };
            match key {
                ArrayKey::Long(index) => self.walk.nested(
                    || Step::Index(index),
                    || object.serialize_entry(&index.to_string(), &node),
                )?,
                ArrayKey::String(name) => self.walk.nested(
                    || Step::Key(name.clone()),
                    || object.serialize_entry(name.as_str(), &node),
                )?,
                ArrayKey::Str(name) => self.walk.nested(
                    || Step::Key(name.to_owned()),
                    || object.serialize_entry(name, &node),
                )?,
                ArrayKey::ZendString(name) => match name.as_str() {
                    Ok(name) => self.walk.nested(
                        || Step::Key(name.to_owned()),
                        || object.serialize_entry(name, &node),
                    )?,
                    Err(_) => return Err(self.walk.refuse("array key is not valid UTF-8")),
                },
            }
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
            depth: Cell::new(0),
            refused: RefCell::new(None),
        }
    }

    /// Serialises `view`; a refused value becomes [`Error::InvalidArgument`] with its path.
    fn finish(&self, view: &impl Serialize) -> Result<Box<RawValue>> {
        serde_json::value::to_raw_value(view).map_err(|e| {
            self.refusal().unwrap_or_else(|| {
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
