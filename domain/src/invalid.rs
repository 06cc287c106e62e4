//! A refusal for bad input: every field that breaks a rule, with the reason, reported at once.

use openapi::FieldError;

/// The input breaks these rules; nothing was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid(pub Vec<FieldError>);

impl Invalid {
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
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
    /// The field errors, or the error itself when it is of another kind.
    fn into_invalid(self) -> Result<Vec<FieldError>, Self>;
}

impl MaybeInvalid for Invalid {
    fn into_invalid(self) -> Result<Vec<FieldError>, Self> {
        Ok(self.0)
    }
}

/// Collects field errors so that a request is refused with every reason at once.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
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
                Ok(fields) => {
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
            Err(Invalid(self.0))
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
}
