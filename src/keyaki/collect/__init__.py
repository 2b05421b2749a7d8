"""Collectors: a read-only snapshot of an AWS account or organisation (the only package using boto3).

``keyaki collect`` (``keyaki.cli.collect``) drives :func:`keyaki.collect.runner.run`; every call the
collector can make is in :mod:`keyaki.collect.spec`, from which :mod:`keyaki.collect.policy` builds
the least-privilege collector policy. See ``docs/collect.md``.
"""
