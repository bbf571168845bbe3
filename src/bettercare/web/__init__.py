"""The assurance workspace: a Django site over the core library (`bettercare serve`).

The core reads and assesses; this package stores uploads, versions and people's decisions,
shows them, and re-runs the core's checks and assessment from a stored plan JSON.
"""
