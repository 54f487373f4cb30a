"""Queues and routing: each qualified lead to a queue, ranked in it, and assigned to a rep.

``leadq.routing.queues.route_leads`` is the stage; ``leadq.routing.run`` runs it under the state
file's lock (``leadq.routing.state``); reps come from the rule file and a roster
(``leadq.routing.roster``); the strategies are array arithmetic (``leadq.routing.strategies``).
The package imports nothing itself: the rule-file reader uses its model while the rule set is
still being imported.
"""
