"""Who can access what: who-can / what-can, and external and public access findings, with proofs.

Built on ``keyaki.iam`` (the reference semantics) and ``keyaki.symbolic`` (the solver); every answer
shown carries a witness replayed through ``keyaki.iam.authorize``. See ``docs/access.md``.
"""
