//! Tests of the code generator and of the generated client.
