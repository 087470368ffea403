//! PHP values ↔ JSON values, for payloads and claims going out and presence
//! lists coming back.
//!
//! Only what `json_encode` would write without surprises is accepted: null,
//! bool, int, finite float, UTF-8 string and arrays (a list when the keys are
//! `0..n-1`, else an object), nested. Objects and resources are refused with
//! the path to them, so a payload never silently becomes `{}`.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::types::{ArrayKey, ZendHashTable, Zval};
use serde_json::{Map, Number, Value};

use crate::error::{Error, Result};

/// Deeper than `json_encode`'s default depth is refused (and stops recursion
/// through PHP references).
const MAX_DEPTH: usize = 512;

/// One step from the argument to a nested value, kept for error messages.
enum Step {
    Index(i64),
    Key(String),
}

/// Where a value sits inside the argument, e.g. `payload.items[2]`.
struct Path<'a> {
    argument: &'a str,
    steps: Vec<Step>,
}

impl Path<'_> {
    fn render(&self) -> String {
        let mut out = self.argument.to_owned();
        for step in &self.steps {
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

    fn reject(&self, reason: impl Into<String>) -> Error {
        Error::invalid_argument(self.render(), reason)
    }
}

/// Converts the PHP value of `argument` to JSON.
pub fn to_json(argument: &str, value: &Zval) -> Result<Value> {
    let mut path = Path {
        argument,
        steps: Vec::new(),
    };
    convert_value(&mut path, value)
}

/// Converts a PHP array of `argument` to JSON (list or object, as above).
pub fn array_to_json(argument: &str, array: &ZendHashTable) -> Result<Value> {
    let mut path = Path {
        argument,
        steps: Vec::new(),
    };
    convert_array(&mut path, array)
}

fn convert_value(path: &mut Path<'_>, value: &Zval) -> Result<Value> {
    let value = value.dereference();
    if value.is_null() {
        Ok(Value::Null)
    } else if let Some(flag) = value.bool() {
        Ok(Value::Bool(flag))
    } else if let Some(int) = value.long() {
        Ok(Value::Number(Number::from(int)))
    } else if let Some(float) = value.double() {
        Number::from_f64(float).map(Value::Number).ok_or_else(|| {
            path.reject(format!(
                "float {} has no JSON representation",
                php_float_name(float)
            ))
        })
    } else if value.is_string() {
        value
            .str()
            .map(|text| Value::String(text.to_owned()))
            .ok_or_else(|| path.reject("string is not valid UTF-8"))
    } else if let Some(array) = value.array() {
        convert_array(path, array)
    } else if let Some(object) = value.object() {
        let class = object
            .get_class_name()
            .unwrap_or_else(|_| "object".to_owned());
        Err(path.reject(format!(
            "objects are not accepted (got {class}); pass arrays and scalars"
        )))
    } else if value.is_resource() {
        Err(path.reject("resources are not accepted"))
    } else {
        Err(path.reject(format!("unsupported PHP type {:?}", value.get_type())))
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

fn convert_array(path: &mut Path<'_>, array: &ZendHashTable) -> Result<Value> {
    if path.steps.len() >= MAX_DEPTH {
        return Err(path.reject(format!("nested deeper than {MAX_DEPTH} levels")));
    }
    if array.has_sequential_keys() {
        let mut items = Vec::with_capacity(array.len());
        for (index, item) in array.values().enumerate() {
            path.steps
                .push(Step::Index(i64::try_from(index).unwrap_or(i64::MAX)));
            items.push(convert_value(path, item)?);
            path.steps.pop();
        }
        return Ok(Value::Array(items));
    }
    let mut fields = Map::new();
    for (key, item) in array.iter() {
        let (name, step) = match key {
            ArrayKey::Long(index) => (index.to_string(), Step::Index(index)),
            other => {
                let name = String::try_from(other)
                    .map_err(|_| path.reject("array key is not valid UTF-8"))?;
                (name.clone(), Step::Key(name))
            }
        };
        path.steps.push(step);
        let converted = convert_value(path, item)?;
        path.steps.pop();
        fields.insert(name, converted);
    }
    Ok(Value::Object(fields))
}

/// Converts JSON to a PHP value; objects become associative arrays.
pub fn to_php(value: &Value) -> Result<Zval> {
    let mut zval = Zval::new();
    match value {
        Value::Null => zval.set_null(),
        Value::Bool(flag) => zval.set_bool(*flag),
        Value::Number(number) => {
            if let Some(int) = number.as_i64() {
                zval.set_long(int);
            } else {
                zval.set_double(number.as_f64().unwrap_or(f64::NAN));
            }
        }
        Value::String(text) => zval
            .set_string(text, false)
            .map_err(|e| Error::Internal(format!("creating a PHP string: {e}")))?,
        Value::Array(items) => {
            let mut list = ZendHashTable::with_capacity(capacity(items.len()));
            for item in items {
                list.push(to_php(item)?)
                    .map_err(|e| Error::Internal(format!("building a PHP array: {e}")))?;
            }
            zval.set_hashtable(list);
        }
        Value::Object(fields) => zval.set_hashtable(object_to_php(fields)?),
    }
    Ok(zval)
}

/// Converts a JSON object to a PHP associative array.
pub fn object_to_php(fields: &Map<String, Value>) -> Result<ZBox<ZendHashTable>> {
    let mut array = ZendHashTable::with_capacity(capacity(fields.len()));
    for (key, item) in fields {
        array
            .insert(key.as_str(), to_php(item)?)
            .map_err(|e| Error::Internal(format!("building a PHP array: {e}")))?;
    }
    Ok(array)
}

fn capacity(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}
