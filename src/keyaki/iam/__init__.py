"""The IAM policy language: reference data, parser, validator, evaluator."""
