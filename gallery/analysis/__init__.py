"""Stage analysis: what the runs and the equations say, in numbers; no drawing, no pages.

``phase_plane`` (closed-form nullclines, fixed points, stability, rest loss), ``spikes``
(intervals, bursts, f-I curves), ``behaviour`` (the defining behaviour of each preset).
Imports the model stage only.
"""
