"""Record matching: duplicates within a batch (``find``) and golden records (``survive``).

The flow, one module each: ``keys`` (fold values) -> ``blocking`` (candidate pairs) -> ``compare``
(field similarity) -> ``decide`` (match rules) -> ``cluster`` (components, chaining guard) ->
``survive`` (survivor, golden records). ``model`` holds the typed ``dedupe:`` section.
"""
