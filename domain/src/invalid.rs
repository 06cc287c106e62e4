//! A refusal for bad input: every field that breaks a rule, with the reason, reported at once.

use openapi::FieldError;

/// The input breaks these rules; nothing was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid(pub Vec<FieldError>, pub Breach);

/// What a refusal is for. The API document states each field's shape (type, length, range,
/// pattern), so a request that breaks one breaks the document (400). A rule relating several
/// fields, or a field to the entry it is sent for, or a check digit, is one no schema of the
/// document states: a request can match the document and still break it (422, RFC 9110
/// §15.5.21). A refusal for both is a refusal of the shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Breach {
    #[default]
    Shape,
    Rule,
}

impl Invalid {
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Invalid(
            vec![FieldError {
                field: field.into(),
                message: message.into(),
            }],
            Breach::Shape,
        )
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        write!(f, "invalid request: {}", parts.join("; "))
    }
}

impl std::error::Error for Invalid {}

/// An error that may be a refusal for bad input, whose field errors can then be collected
/// with others (`Errors::take`).
pub trait MaybeInvalid: Sized {
    /// The refusal, or the error itself when it is of another kind.
    fn into_invalid(self) -> Result<Invalid, Self>;
}

impl MaybeInvalid for Invalid {
    fn into_invalid(self) -> Result<Invalid, Self> {
        Ok(self)
    }
}

/// Collects field errors so that a request is refused with every reason at once. The second
/// field says whether one of them is of the shape (`Breach`).
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>, bool);

impl Errors {
    /// A field that breaks what the API document states about it.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.1 = true;
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// A field that breaks a rule relating it to other fields or to the entry, which no
    /// schema states.
    pub fn rule(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    pub fn check(&mut self, ok: bool, field: &str, message: &str) {
        if !ok {
            self.add(field, message);
        }
    }

    /// Keeps the field errors of a failed step so that later steps still run and every reason
    /// is reported at once; any other error ends the request. `None` when the step failed.
    pub fn take<T, E: MaybeInvalid>(&mut self, r: Result<T, E>) -> Result<Option<T>, E> {
        match r {
            Ok(v) => Ok(Some(v)),
            Err(e) => match e.into_invalid() {
                Ok(Invalid(fields, breach)) => {
                    self.1 |= breach == Breach::Shape;
                    self.0.extend(fields);
                    Ok(None)
                }
                Err(other) => Err(other),
            },
        }
    }

    pub fn into_result(self) -> Result<(), Invalid> {
        if self.0.is_empty() {
            Ok(())
        } else {
            let breach = if self.1 { Breach::Shape } else { Breach::Rule };
            Err(Invalid(self.0, breach))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_is_kept_and_other_errors_end_the_collection() {
        let mut e = Errors::default();
        e.check(false, "a", "bad");
        assert_eq!(e.take(Err::<(), _>(Invalid::field("b", "worse"))), Ok(None));
        assert_eq!(e.take(Ok::<_, Invalid>(3)), Ok(Some(3)));
        let fields: Vec<_> = e
            .into_result()
            .unwrap_err()
            .0
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(fields, ["a", "b"]);
        assert!(Errors::default().into_result().is_ok());
    }

    #[test]
    fn a_refusal_is_of_the_rules_only_when_no_field_breaks_its_shape() {
        let mut e = Errors::default();
        e.rule("a", "b must come after a");
        assert_eq!(e.into_result().unwrap_err().1, Breach::Rule);
        let mut e = Errors::default();
        e.rule("a", "b must come after a");
        e.take(Err::<(), _>(Invalid::field("b", "empty"))).unwrap();
        assert_eq!(e.into_result().unwrap_err().1, Breach::Shape);
    }
}
