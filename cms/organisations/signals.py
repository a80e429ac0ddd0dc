"""Signals other apps listen to (connected in their ``ready()``)."""

from django.dispatch import Signal

# Sent inside the transaction of every applied change of the tree (a move, a merge, a rename,
# a dissolution): organisations' paths may have changed. No arguments besides ``change``.
tree_changed = Signal()
