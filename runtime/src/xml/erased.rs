//! What the reader's and writer's shared code holds as `dyn`: references to values
//! (`&mut T` to read into, `&T` to write), never the values themselves.
//!
//! A `dyn Trait` made from a `T` carries a vtable that names `T`'s drop glue, so every
//! generated type that reached the shared code as itself had its drop glue, and that of
//! every type nested in it, compiled into the generated crate: more than half of the
//! machine code of a large contract, for drops that reading and writing never do. A
//! reference drops nothing, so a vtable made from one names no drop glue
//! (docs/decisions.md, "The XML runtime's element and list code is compiled once").

use super::{Complex, Error, Field, Name, Reader, Value, Writer};

/// A value to write: `&T` for any [`Value`]. Generated `write_fields` hand
/// [`Writer::write_all`] one per field, written `&&self.field`.
pub trait ValueRef {
    /// Writes the value as `name` (see [`Value::write_value`]).
    fn write_value(
        &self,
        writer: &mut Writer,
        name: Name,
        field: &Field,
        items: &[Name],
    ) -> Result<(), Error>;
}

impl<T: Value + ?Sized> ValueRef for &T {
    fn write_value(
        &self,
        writer: &mut Writer,
        name: Name,
        field: &Field,
        items: &[Name],
    ) -> Result<(), Error> {
        (**self).write_value(writer, name, field, items)
    }
}

/// A [`Complex`] value to read into: reading an element is the same loop for every type,
/// compiled once instead of once per generated type.
pub(crate) trait ComplexPlace {
    fn fields(&self) -> &'static [Field];
    fn read_at(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Error>;
}

impl<T: Complex> ComplexPlace for &mut T {
    fn fields(&self) -> &'static [Field] {
        T::FIELDS
    }

    fn read_at(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        (**self).read_field(index, reader)
    }
}

/// A [`Complex`] value to write.
pub(crate) trait ComplexRef {
    fn write_fields(&self, writer: &mut Writer) -> Result<(), Error>;
}

impl<T: Complex> ComplexRef for &T {
    fn write_fields(&self, writer: &mut Writer) -> Result<(), Error> {
        (**self).write_fields(writer)
    }
}

/// A list to read one more item into. The list logic itself is not generic: a generic one
/// would be compiled again for every generated type that is ever in a list.
pub(crate) trait ItemsPlace {
    fn read_item(&mut self, reader: &mut Reader<'_>, items: &[Name]) -> Result<(), Error>;
}

impl<T: Value + Default> ItemsPlace for &mut Vec<T> {
    fn read_item(&mut self, reader: &mut Reader<'_>, items: &[Name]) -> Result<(), Error> {
        // Read in place, as for `Option`: a failed read abandons the whole list anyway.
        // Called, not inlined: a generated type's `default` is as long as its field list.
        let make: fn() -> T = T::default;
        // Optimised builds add the item with `extend`, which makes it only once there is
        // room: `push` drops its argument if growing fails, which compiles `T`'s drop
        // glue here. Unoptimised builds `push`, where `extend` is a dozen generic calls
        // per item type and costs more than the drop glue. The runtime's own tests take
        // the optimised path, the workspace's tests (without `cfg(test)`) the other.
        #[cfg(any(test, not(debug_assertions)))]
        self.extend(std::iter::once_with(make));
        #[cfg(all(debug_assertions, not(test)))]
        self.push(make());
        match self.last_mut() {
            Some(value) => value.read_into(reader, items),
            None => Ok(()),
        }
    }
}

/// A list to write item by item.
pub(crate) trait ItemsRef {
    fn count(&self) -> usize;
    fn write_item(
        &self,
        index: usize,
        writer: &mut Writer,
        name: Name,
        field: &Field,
        items: &[Name],
    ) -> Result<(), Error>;
}

impl<T: Value> ItemsRef for &Vec<T> {
    fn count(&self) -> usize {
        self.len()
    }

    fn write_item(
        &self,
        index: usize,
        writer: &mut Writer,
        name: Name,
        field: &Field,
        items: &[Name],
    ) -> Result<(), Error> {
        match self.get(index) {
            Some(value) => value.write_value(writer, name, field, items),
            None => Ok(()),
        }
    }
}
