//! PHP arrays in and out: lists of strings taken from arguments, and the
//! arrays returned to PHP.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::convert::IntoZval;
use ext_php_rs::types::ZendHashTable;

use crate::error::{Error, Result};

/// The array's values, each of which must be a non-empty string; errors name
/// `argument[index]`.
pub fn string_list(argument: &str, array: &ZendHashTable) -> Result<Vec<String>> {
    array
        .values()
        .enumerate()
        .map(|(index, value)| match value.dereference().str() {
            Some(text) if !text.is_empty() => Ok(text.to_owned()),
            Some(_) => Err(Error::invalid_argument(
                format!("{argument}[{index}]"),
                "must not be empty",
            )),
            None => Err(Error::invalid_argument(
                format!("{argument}[{index}]"),
                format!("must be a string, got {:?}", value.get_type()),
            )),
        })
        .collect()
}

/// A PHP list of `items`.
pub fn list<T: IntoZval>(items: impl IntoIterator<Item = T>) -> Result<ZBox<ZendHashTable>> {
    let mut list = ZendHashTable::new();
    for item in items {
        list.push(item).map_err(building)?;
    }
    Ok(list)
}

/// Adds `key => value` to a PHP array being built.
pub fn insert<T: IntoZval>(array: &mut ZendHashTable, key: &str, value: T) -> Result<()> {
    array.insert(key, value).map_err(building)
}

fn building(err: ext_php_rs::error::Error) -> Error {
    Error::Internal(format!("building a PHP array: {err}"))
}
