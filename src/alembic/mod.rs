//! Existing Alembic projects, read natively: `alembic.ini` and the headers of `versions/*.py`,
//! without running Python. (Being written: see issue 4.)
