using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Check;

/// <summary>Both sides of the plays as a check read them: the catalogs, each user's history and each artist's listeners, by catalog position.</summary>
internal sealed record ClusterPlays(CatalogIds Users, CatalogIds Artists, UserHistory[] Histories, Observations[] Listeners, long Pending);
