"""Tests of the task queue itself: real storage, real consumers, worker processes that can be killed."""
