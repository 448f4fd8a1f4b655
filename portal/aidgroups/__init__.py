"""Neighbours' mutual-aid groups (十人一联, seed 001 篇十五; 妇女互助组, seed 000), formed by the engine.

A group has a leader (a volunteer of the village), members (people of one group of the ledger), a village and
a meeting rhythm. Groups are formed for a village or a township by ``matching.form_groups``, reviewed and
committed as match runs are; the leader's phone page lists the members, sends reports to the village cadres
and records meetings. See README.md beside this file.
"""
