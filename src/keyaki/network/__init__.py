"""Network reachability: which interfaces the internet reaches, on which ports, by which path.

``convert`` (snapshot → typed model, with warnings), ``reach`` (exact set arithmetic per hop),
``exposure`` (direct and load-balancer paths), ``trace`` (hop lists), ``query`` (point-to-point),
``brute`` (the packet-by-packet reference simulator), ``findings`` (the ``keyaki scan`` analysis).
"""
