System.Console.WriteLine("SourceAD quickstart");
