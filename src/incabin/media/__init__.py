"""The media layer: the car's local music library, indexed from the files' own tags.

    from incabin.media import MusicLibrary
    library = MusicLibrary.index("~/Music")        # mutagen reads every file's tags
    chosen = library.find("miles davis")           # Selection(tracks, "artist", "Miles Davis")
    chosen.tracks[0].uri                            # file:///…, what VSS Media.SelectedURI takes

Playback itself is the car's (VSS ``Vehicle.Cabin.Infotainment.Media``); this package
only knows what there is to play. It imports nothing of ``incabin.agents`` or ``llm``.
"""

from incabin.media._demo import write_demo_library
from incabin.media._errors import LibraryUnavailable, MediaError, NothingToPlay, UnreadableAudio
from incabin.media._library import MusicLibrary
from incabin.media._models import FIELDS, Field, Selection, Track
from incabin.media._tags import AUDIO_SUFFIXES, read_track

__all__ = [
    "AUDIO_SUFFIXES",
    "FIELDS",
    "Field",
    "LibraryUnavailable",
    "MediaError",
    "MusicLibrary",
    "NothingToPlay",
    "Selection",
    "Track",
    "UnreadableAudio",
    "read_track",
    "write_demo_library",
]
